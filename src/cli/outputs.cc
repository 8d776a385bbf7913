// Report files and the progress line (outputs.h).
#include "cli/outputs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <system_error>

#include "cli/commands.h"

namespace segproof {

namespace {

// Writes all of `text` to `fd`; false (errno set) when it cannot.
bool writeAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

int outputError(const std::string& output, int error) {
  std::cerr << "error[output]: cannot write '" << output << "': " << std::strerror(error) << "\n";
  return kExitError;
}

bool isFolder(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

}  // namespace

std::optional<std::vector<std::string>> parseFormats(const std::string& list,
                                                     std::initializer_list<const char*> allowed) {
  std::vector<std::string> formats;
  std::stringstream in(list);
  std::string format;
  bool ok = true;
  while (std::getline(in, format, ',')) {
    bool known = false;
    for (const char* a : allowed) known = known || format == a;
    if (!known) {
      std::string names;
      for (const char* a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
      std::cerr << "error[invalid-format]: unknown format '" << format << "' (this command writes "
                << names << ")\n";
      ok = false;
    } else if (std::find(formats.begin(), formats.end(), format) != formats.end()) {
      std::cerr << "error[invalid-format]: format '" << format << "' is asked for twice\n";
      ok = false;
    } else {
      formats.push_back(format);
    }
  }
  if (formats.empty() && ok) {
    std::cerr << "error[invalid-format]: --format names no format\n";
    ok = false;
  }
  if (!ok) return std::nullopt;
  return formats;
}

std::string reportFileName(const std::string& command, const std::string& format) {
  if (format == "text") return command + ".txt";
  if (format == "junit") return command + ".junit.xml";
  if (format == "markdown") return command + ".md";
  return command + "." + format;  // json, sarif, html, dot
}

// A file is written atomically: into `<file>.tmp.<pid>` beside it (beside
// the file a symbolic link names), synced, then renamed over it, so a reader
// never sees half a report and a failed run leaves the old file, or none,
// and no temporary. A device or pipe (-o /dev/stdout) has nothing to
// replace: written in place.
int writeReport(const std::string& text, const std::string& output) {
  if (output.empty()) {
    std::cout << text;
    std::cout.flush();
    return std::cout ? kExitOk : outputError("standard output", EIO);
  }
  struct stat info {};
  if (::stat(output.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    std::ofstream out(output);
    out << text;
    return out.flush() ? kExitOk : outputError(output, errno);
  }
  char* resolved = ::realpath(output.c_str(), nullptr);
  std::string target = resolved ? resolved : output;
  std::free(resolved);
  std::string temp = target + ".tmp." + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return outputError(output, errno);
  int error = 0;
  if (!writeAll(fd, text) || ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && std::rename(temp.c_str(), target.c_str()) != 0) error = errno;
  if (error == 0) return kExitOk;
  ::unlink(temp.c_str());
  return outputError(output, error);
}

int writeReports(const std::vector<RenderedReport>& reports, const std::string& output,
                 const std::string& command) {
  bool folder = !output.empty() && (output.back() == '/' || isFolder(output));
  if (reports.size() == 1 && !folder) return writeReport(reports.front().text, output);
  if (output.empty()) {
    std::cerr << "error[output]: several formats need -o FOLDER (each report is written there "
                 "as "
              << reportFileName(command, reports.front().format) << ", ...)\n";
    return kExitError;
  }
  if (!folder) {
    struct stat info {};
    if (::stat(output.c_str(), &info) == 0) {
      std::cerr << "error[output]: several formats need -o FOLDER, and '" << output
                << "' is a file\n";
      return kExitError;
    }
  }
  std::error_code error;
  std::filesystem::create_directories(output, error);
  if (error) return outputError(output, error.value());
  for (const RenderedReport& report : reports) {
    std::string path =
        (std::filesystem::path(output) / reportFileName(command, report.format)).string();
    if (int code = writeReport(report.text, path); code != kExitOk) return code;
  }
  return kExitOk;
}

ProgressLine::ProgressLine(std::string label, std::string unit, bool quiet)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      enabled_(!quiet && ::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {}

ProgressLine::~ProgressLine() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (shown_) std::fputs("\r\033[K", stderr);  // erase the line: the report follows
  std::fflush(stderr);
}

std::function<void(size_t, size_t)> ProgressLine::callback() {
  if (!enabled_) return nullptr;
  return [this](size_t decided, size_t total) { update(decided, total); };
}

void ProgressLine::update(size_t decided, size_t total) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  // Another thread is printing, or a line went out less than 0.1 s ago.
  if (!lock.owns_lock() || (shown_ && now - last_ < std::chrono::milliseconds(100))) return;
  last_ = now;
  shown_ = true;
  double seconds = std::chrono::duration<double>(now - start_).count();
  std::fprintf(stderr, "\r\033[K%s: %zu of %zu %s decided, %.1f s", label_.c_str(), decided,
               total, unit_.c_str(), seconds);
  std::fflush(stderr);
}

bool flush(const DiagnosticEngine& diags) {
  std::cerr << diags.renderAll();
  return diags.hasErrors();
}

bool reportInternalErrors(const std::vector<std::string>& errors) {
  for (const std::string& e : errors) std::cerr << "error[internal]: " << e << "\n";
  if (!errors.empty())
    std::cerr << "segproof checked its own answers and found them inconsistent; the verdicts "
                 "concerned are unknown. Please report this with the inputs.\n";
  return !errors.empty();
}

}  // namespace segproof
