# The two commands of the README. Both install what is missing first.
#   make demo    build (Release) and check the bundled examples with the built-in pack
#   make test    every test: `make test-release`, `make sanitize` and `make tsan` (what .ci/run runs)
# `make test-release` alone builds (Release) and runs every test through ctest.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build demo test test-release sanitize tsan fuzz soak bench clean

all: build

deps:
	bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

# Each example with the built-in pack, then with its own assertions. The
# examples contain deliberate flaws, so violations (exit code 1) are expected.
demo: build
	@for ex in examples/*/; do \
	  echo "==> segproof check $$ex"; \
	  ./$(BUILD)/segproof check $$ex; \
	  echo "(exit code $$?)"; echo; \
	  if [ -f $$ex/queries.yaml ]; then \
	    echo "==> segproof check $$ex -q $${ex}queries.yaml"; \
	    ./$(BUILD)/segproof check $$ex -q $${ex}queries.yaml; \
	    echo "(exit code $$?)"; echo; \
	  fi; \
	done

test: test-release sanitize tsan

test-release: build
	cd $(BUILD) && ctest --output-on-failure --no-tests=error -j $(JOBS)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer
# (Debug: -O0 with asserts). A finding fails its test: UBSan is built not to
# recover, ASan stops at its first error, LeakSanitizer reports leaks at exit.
# Where LeakSanitizer cannot run (under ptrace), ASAN_OPTIONS=detect_leaks=0.
ASAN_OPTIONS ?= detect_leaks=1:check_initialization_order=1:strict_init_order=1
# The sanitizer runs take the random-network differential test at 100 seeds
# and the shard/merge comparison at 3 shards (the Release run keeps 300 seeds
# and 1, 2, 3, 4, 50 shards): what they look for are memory and
# thread errors, which the first seeds reach as well, and CI must stay under
# 30 minutes on 2 cores.
SANITIZE_DIFF_COUNT ?= 60
# The other random-input tests likewise: ACLs against Z3 (120 in Release),
# thread-count comparisons (20 networks), unknowns (80 networks).
SANITIZE_COUNTS = SEGPROOF_DIFF_COUNT=$(SANITIZE_DIFF_COUNT) SEGPROOF_ACL_ROUNDS=30 \
  SEGPROOF_THREAD_SEEDS=8 SEGPROOF_UNKNOWNS_COUNT=40
sanitize: deps
	cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DSEGPROOF_SANITIZE=ON \
	  -DSEGPROOF_BENCH_PROGRAMS=OFF
	cmake --build build-sanitize -j $(JOBS)
	cd build-sanitize && ASAN_OPTIONS=$(ASAN_OPTIONS) \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  $(SANITIZE_COUNTS) SEGPROOF_SHARD_COUNTS="3" \
	  ctest --output-on-failure --no-tests=error -j $(JOBS)

# The parallel solver under ThreadSanitizer: the tests of src/solve (several
# with 2 jobs) and tests/parallel (every example and a generated network with
# 1, 2 and 4 jobs). -O1 keeps TSan's slowdown bearable; asserts stay on.
# tests/tsan.supp names races inside uninstrumented libraries only.
tsan: deps
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DSEGPROOF_TSAN=ON
	cmake --build build-tsan --target tests_solve tests_parallel -j $(JOBS)
	cd build-tsan && $(SANITIZE_COUNTS) \
	  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 \
	  suppressions=$(CURDIR)/tests/tsan.supp" \
	  ctest --output-on-failure --no-tests=error -j $(JOBS) -L '^(solve|parallel)$$'

# Coverage-guided fuzzing with libFuzzer (docs/reliability.md): builds the
# targets of tests/fuzz with clang, ASan and UBSan in build-fuzz, then runs
# each for FUZZ_SECONDS on a scratch copy of its corpus (scripts/fuzz.sh).
# Fails if any target found a crash; its input is in build-fuzz/artifacts/.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= fuzz_native_yaml fuzz_hcl fuzz_tf_json fuzz_plan_json fuzz_cloudformation \
  fuzz_assertions fuzz_lint_config fuzz_snapshot

fuzz:
	bash scripts/install-deps.sh fuzz
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEGPROOF_FUZZ=ON
	cmake --build build-fuzz --target fuzzers -j $(JOBS)
	bash scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The differential tests at length (docs/reliability.md): SOAK_COUNT random
# networks from seed SOAK_SEED, each question's verdict checked against the
# packet simulator, split over JOBS processes.
SOAK_COUNT ?= 5000
SOAK_SEED ?= 1000001
soak: build
	bash scripts/soak.sh $(BUILD) $(SOAK_COUNT) $(SOAK_SEED) $(JOBS)

# The benchmarks of docs/performance.md in one command: the engine against
# the naive encoding (identical verdicts required), the enterprise network's
# growth up to 20,000 interfaces at jobs 1 and 2, and reading it as
# Terraform (bench/run_bench.sh; Markdown to stdout and $(BUILD)/bench-results.md).
bench: build
	cmake --build $(BUILD) --target bench -j $(JOBS)

clean:
	rm -rf $(BUILD) build-sanitize build-tsan build-fuzz
