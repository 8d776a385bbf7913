# The two commands of the README. Both install what is missing first.
#   make demo   build (Release) and check the bundled examples with the built-in pack
#   make test   build and run every test through ctest
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build demo test sanitize bench clean

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

test: build
	cd $(BUILD) && ctest --output-on-failure --no-tests=error -j $(JOBS)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize: deps
	cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DSEGPROOF_SANITIZE=ON
	cmake --build build-sanitize -j $(JOBS)
	cd build-sanitize && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure --no-tests=error -j $(JOBS)

bench: build
	./$(BUILD)/bench/segproof_bench
	./$(BUILD)/bench/segproof_bench_terraform

clean:
	rm -rf $(BUILD) build-sanitize
