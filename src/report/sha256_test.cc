// SHA-256 against the FIPS 180-2 example vectors and coreutils' sha256sum.
#include "report/sha256.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <memory>
#include <string>

namespace segproof {
namespace {

TEST_CASE("sha256: the standard's example messages", "[report]") {
  CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256Hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: every length around the block and padding edges, as sha256sum says",
          "[report]") {
  if (std::system("command -v sha256sum > /dev/null 2>&1") != 0) {
    WARN("sha256sum is not installed; skipped");
    return;
  }
  for (size_t length : {1u, 54u, 55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 127u, 128u, 1000u}) {
    std::string data;
    for (size_t i = 0; i < length; ++i) data += static_cast<char>('a' + (i * 7) % 26);
    std::string command = "printf '%s' '" + data + "' | sha256sum";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    char digest[65] = {};
    REQUIRE(std::fread(digest, 1, 64, pipe.get()) == 64);
    INFO("length " << length);
    CHECK(sha256Hex(data) == digest);
  }
}

}  // namespace
}  // namespace segproof
