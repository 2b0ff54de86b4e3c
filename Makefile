# FlowGate — one entry point: build, test, demo, bench, install, deps.
VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
TOOLS      := $(sort $(notdir $(wildcard tools/fg-*)))
# The pkg-config libraries each tool links: what its own code and the lib/
# objects it takes from libfg.a call, and no more (fg-spawn reads no YAML).
# fg-spawn, fg-oauth and fg-client are compiled against curl.h but load
# libcurl with dlopen when they make an HTTP request (lib/curlload.c), so
# they do not link it: their commands that make none (fg-spawn status,
# fg-oauth check-key, fg-client apply) do not pay for loading libcurl and
# its thirty-odd libraries at every exec (some 13 ms). HDRS_ names the
# packages whose headers alone a tool needs. -ldl is for a glibc older than
# 2.34, where dlopen is not in libc yet.
PKGS_fg-config  := yaml-0.1 libcjson
PKGS_fg-merge   := yaml-0.1 libcjson
PKGS_fg-resolve := yaml-0.1 libcjson
PKGS_fg-state   := yaml-0.1 libcjson
PKGS_fg-spawn   := libcjson
HDRS_fg-spawn   := libcurl
LIBS_fg-spawn   := -ldl
PKGS_fg-oauth   := libcjson yaml-0.1 libxcrypt libcrypto
HDRS_fg-oauth   := libcurl
LIBS_fg-oauth   := -ldl
PKGS_fg-fetch   := libcjson libcurl libarchive libcrypto
PKGS_fg-client  := libcjson yaml-0.1
HDRS_fg-client  := libcurl
LIBS_fg-client  := -ldl
ALL_PKGS   := $(sort $(foreach t,$(TOOLS),$(PKGS_$(t)) $(HDRS_$(t))))
DEB_PKGS   := gcc make pkg-config libc6-dev libyaml-dev libcjson-dev \
              libcurl4-openssl-dev jq bats bats-support bats-assert curl procps \
              shellcheck dash strace libarchive-dev libssl-dev zip \
              libcrypt-dev iproute2 parallel bash-builtins
BENCH_PKGS := bash strace time
# test/supervisor.bats checks what `flowgate service export` writes with the
# supervisors' own checkers: systemd-analyze, xmllint, docker-compose (and
# Python's plistlib and yaml). Installed without their recommends (no Docker
# daemon: `docker-compose config` needs none).
SUPERVISOR_PKGS := systemd libxml2-utils docker-compose python3 python3-yaml
APT_FLAGS ?=
VALGRIND_PKGS := valgrind

ifeq ($(SANITIZE),1)
VARIANT    := san
OPT        := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -DFG_NO_ARENA
else ifeq ($(VALGRIND),1)
# For memcheck: cJSON on malloc (FG_NO_ARENA), so what is never freed shows.
VARIANT    := vg
OPT        := -O1 -g -fno-omit-frame-pointer -DFG_NO_ARENA
else
VARIANT    := rel
OPT        := -O2 -g
endif

BUILD      := build/$(VARIANT)
# Cores here: the lint and test runs start this many, or twice as many, at once.
NPROC      := $(shell nproc 2>/dev/null || echo 1)
CPPFLAGS   += -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -DFG_VERSION='"$(VERSION)"' -Ilib
CFLAGS     += -std=c11 -Wall -Wextra -Werror $(OPT)
DEPFLAGS    = -MMD -MP
PKG_CFLAGS  = $(shell pkg-config --cflags $(ALL_PKGS) 2>/dev/null)
LDFLAGS    += -Wl,--as-needed
LIB_SRC    := $(wildcard lib/*.c)
LIB_OBJ    := $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)
LIBFG      := $(BUILD)/libfg.a

# The loopback HTTP server the tests and benchmarks talk to.
TESTSRV_SRC := $(wildcard test/server/*.c)
TESTSRV     := $(if $(TESTSRV_SRC),build/fg-testserver)

# The real clients test/clients.bats runs, from npm at pinned versions,
# cached outside the tree ($FLOWGATE_CLIENTS_DIR, else ~/.cache/flowgate/
# clients). Bump a version here to test FlowGate against another.
CODEX_VERSION       := 0.171.0
CLAUDE_CODE_VERSION := 2.1.197
CLIENTS_DIR ?= $(or $(FLOWGATE_CLIENTS_DIR),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/flowgate/clients)
CLIENT_PKGS := @openai/codex@$(CODEX_VERSION) @anthropic-ai/claude-code@$(CLAUDE_CODE_VERSION)

.PHONY: all deps lint test demo bench valgrind fuzz install clean clients
all: $(TOOLS:%=bin/%)

# bin/ holds one variant at a time; the stamp changes only when SANITIZE or
# VALGRIND does, and relinks every tool then.
$(shell mkdir -p build; [ "$$(cat build/variant 2>/dev/null)" = "$(VARIANT)" ] || echo "$(VARIANT)" > build/variant)
# Each variant's compile flags, stamped: changing them recompiles that variant.
FLAGS_STAMP := $(BUILD)/flags
$(shell mkdir -p $(BUILD); [ "$$(cat $(FLAGS_STAMP) 2>/dev/null)" = '$(CPPFLAGS) $(CFLAGS)' ] || echo '$(CPPFLAGS) $(CFLAGS)' > $(FLAGS_STAMP))

# Each object records the headers it includes (-MMD), so editing any header
# rebuilds exactly what uses it.
$(BUILD)/lib/%.o: lib/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/tools/%.o: tools/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

-include $(shell find build/$(VARIANT) -name '*.d' 2>/dev/null)

# lib/ as an archive: the linker takes from it only the objects a tool calls,
# so no tool needs a library for lib code it does not use. Rebuilt whole, so
# an object whose source is gone does not linger in it.
$(LIBFG): $(LIB_OBJ)
	@echo "  AR    $@"
	@rm -f $@
	@$(AR) rcs $@ $^

.SECONDARY:
.SECONDEXPANSION:
bin/%: $$(addprefix $(BUILD)/,$$(subst .c,.o,$$(wildcard tools/$$*/*.c))) $(LIBFG) build/variant
	@echo "  LD    $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIBFG) $$(pkg-config --libs $(PKGS_$*)) $(LIBS_$*) $(LDLIBS)

# Property checks (test/props/NAME.c): programs that hold a fast path to the
# code it stands in for on many generated inputs, built in bin/'s variant
# with lib/ and the tool sources they drive; test/fg-resolve.bats runs them.
PROPS_SRC_fmt_number   :=
PROPS_SRC_yaml_writers := tools/fg-resolve/yamlemit.c tools/fg-resolve/yamlblock.c
$(BUILD)/props/%: test/props/%.c $$(addprefix $(BUILD)/,$$(subst .c,.o,$$(PROPS_SRC_$$*))) $(LIBFG)
	@mkdir -p $(@D)
	@echo "  LD    $@"
	@$(CC) $(CPPFLAGS) -Itools/fg-resolve $(PKG_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		$(filter %.o,$^) $(LIBFG) $$(pkg-config --libs yaml-0.1 libcjson) -lm

build/fg-testserver: $(TESTSRV_SRC) build/variant
	@echo "  LD    $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(TESTSRV_SRC) -lpthread

# The tests' allocation-failure shim (LD_PRELOAD). Never sanitized: it sits
# in front of either variant's allocator.
build/failalloc.so: test/failalloc/failalloc.c
	@mkdir -p $(@D)
	@echo "  LD    $@"
	@$(CC) -std=c11 -Wall -Wextra -Werror -O2 -shared -fPIC -o $@ $< -ldl

# Installs missing Debian packages when run as root; otherwise says what to run.
deps:
	@missing=""; for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "make deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_FLAGS) $$missing >/dev/null; \
	else \
		echo "make deps: missing Debian packages; run: sudo apt-get install -y$(APT_FLAGS:%= %)$$missing" >&2; exit 2; \
	fi

# shellcheck over every sh file: the dispatcher, the commands, scripts, the
# benchmarks, CI, and the tests (bats files as bash).
SH_FILES   := bin/flowgate $(wildcard libexec/flowgate/flowgate-*) $(wildcard scripts/*.sh) \
              $(wildcard test/*.sh) .ci/run
BASH_FILES := $(wildcard bench/*.sh bench/*.bash test/helpers/*.bash)
BATS_FILES := $(wildcard test/*.bats)

# The sh files in one run beside the bash files and bats files in runs of
# six on every core (shellcheck uses one; the sequential runs took 16 s).
lint: deps
	@shellcheck -x -s sh $(SH_FILES) & sh_pid=$$!; \
	printf '%s\n' $(BASH_FILES) $(BATS_FILES) | xargs -n 6 -P $(NPROC) shellcheck -x -s bash; bash_rc=$$?; \
	wait $$sh_pid && [ $$bash_rc -eq 0 ]

# The lint runs beside the tests (shellcheck's some 20 CPU-s hid 10 s of
# wall time before them); either failing fails the target, lint's lines
# printed when it has done.
test: deps
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(SUPERVISOR_PKGS)" APT_FLAGS=--no-install-recommends
	@$(MAKE) --no-print-directory all $(TESTSRV)
	@$(MAKE) --no-print-directory clients || \
		echo "make test: the real clients are not installed; test/clients.bats will say so" >&2
	@lint_log=$$(mktemp) && { $(MAKE) --no-print-directory lint >"$$lint_log" 2>&1 & lint_pid=$$!; } && \
	FLOWGATE_CLIENTS_DIR="$(CLIENTS_DIR)" bats --tap --jobs $(TEST_JOBS) --no-parallelize-within-files $(TEST_FILES); \
	bats_rc=$$?; wait $$lint_pid; lint_rc=$$?; cat "$$lint_log"; rm -f "$$lint_log"; \
	[ $$lint_rc -eq 0 ] || echo "make test: make lint failed" >&2; \
	[ $$bats_rc -eq 0 ] && [ $$lint_rc -eq 0 ]

# The test files run side by side (GNU parallel), the tests of a file one
# after another (measured: running a file's tests in parallel too, bats runs
# JOBS x JOBS at once, and the suite got slower): one file more than there
# are cores, to fill the time a file waits (a server answering, a timeout).
# More is not faster: the suite is mostly process starts, and the 2-core VM
# measured starts them one at a time (two loops of fork+exec side by side
# took as long as one after the other; docs/HACKING.md). make test,
# 2026-12-07: 2 jobs 272 s with 51 s of idle CPU, 3 jobs 244 s, 4 jobs 254 s.
TEST_JOBS ?= $(shell echo $$(( $(NPROC) + 1 )))

# Every test file, the longest first: bats starts the files in the order
# given, and a long file started last would run alone at the end while the
# other jobs sit idle. Measured two at a time (wall s, 2026-12-07): hostile
# 40 (its cases wait on timeouts), fg-spawn 45, fg-oauth 44, bootstrap 35,
# fg-config 34, fg-merge 32, smoke_local 30, fg-fetch 27, fg-fetch-archive
# 27, fg-fetch-crash 24, fg-client 24, supervisor 23; the rest under 20. A
# file named here that is gone is left out, one not named runs after these.
TEST_SLOW  := hostile fg-spawn fg-oauth bootstrap fg-config fg-merge smoke_local fg-fetch \
              fg-fetch-archive fg-fetch-crash fg-client supervisor doctor auth \
              fg-oauth-check-key security_check service fg-resolve profile clients
TEST_FILES := $(wildcard $(TEST_SLOW:%=test/%.bats)) $(filter-out $(TEST_SLOW:%=test/%.bats),$(sort $(wildcard test/*.bats)))

# Installs the real clients (Codex CLI, Claude Code) for the end-to-end tests.
clients:
	@sh test/clients.sh "$(CLIENTS_DIR)" $(CLIENT_PKGS)

demo: deps
	@$(MAKE) --no-print-directory all $(TESTSRV)
	@sh scripts/demo.sh

bench: deps
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(BENCH_PKGS)"
	@$(MAKE) --no-print-directory all $(TESTSRV)
	@sh bench/run.sh

# The whole test suite with every tool under valgrind memcheck (the vg
# variant, freshly linked); fails on any memory error or definite/indirect
# leak. bin/ is left without tools, so the next `make` relinks its variant.
valgrind: deps
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(VALGRIND_PKGS)"
	@rm -f $(TOOLS:%=bin/%)
	@$(MAKE) --no-print-directory SANITIZE=0 VALGRIND=1 all $(TESTSRV)
	@VALGRIND=1 sh test/valgrind.sh

# libFuzzer harnesses (test/fuzz/fuzz_NAME.c), each linked with lib/ and the
# tool sources it drives, all built by clang with the fuzz flags into
# build/fuzz (never the gcc objects). `make fuzz FUZZ_SECONDS=N` runs each
# target N seconds, one after another; not part of `make test`.
FUZZ_PKGS    := clang libclang-rt-14-dev
FUZZ_SECONDS ?= 60
FUZZ_CC      := clang
FUZZ_FLAGS   := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer -g -O1
FUZZ_TARGETS := $(patsubst test/fuzz/fuzz_%.c,%,$(wildcard test/fuzz/fuzz_*.c))
FUZZ_SRC_yaml_json :=
FUZZ_SRC_config    := tools/fg-config/normalize.c tools/fg-config/shell.c
FUZZ_SRC_merge     := tools/fg-merge/merge.c
FUZZ_SRC_resolve   := tools/fg-resolve/resolve.c tools/fg-resolve/yamlemit.c \
                      tools/fg-resolve/yamlblock.c
FUZZ_SRC_toml      := tools/fg-client/toml.c tools/fg-client/codex.c tools/fg-client/common.c
# The harnesses include the headers of the tool code they drive.
FUZZ_INC     := $(addprefix -I,$(sort $(dir $(FUZZ_SRC_config) $(FUZZ_SRC_merge) $(FUZZ_SRC_resolve) \
                $(FUZZ_SRC_toml))))
FUZZ_OBJ      = $(addprefix build/fuzz/obj/,$(1:.c=.o))

build/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC    $< (fuzz)"
	@$(FUZZ_CC) $(CPPFLAGS) -DFG_NO_ARENA $(FUZZ_INC) $(PKG_CFLAGS) \
		-std=c11 -Wall -Wextra -Werror $(FUZZ_FLAGS) $(DEPFLAGS) -c -o $@ $<

-include $(shell find build/fuzz/obj -name '*.d' 2>/dev/null)

# lib/ as an archive here too, so a harness takes only the lib objects it
# calls (none of them needs libcurl).
build/fuzz/libfg.a: $(call FUZZ_OBJ,$(LIB_SRC))
	@echo "  AR    $@"
	@rm -f $@
	@$(AR) rcs $@ $^

build/fuzz/fuzz_%: $$(call FUZZ_OBJ,test/fuzz/fuzz_$$*.c test/fuzz/common.c $$(FUZZ_SRC_$$*)) build/fuzz/libfg.a
	@echo "  LD    $@"
	@$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $(filter %.o,$^) build/fuzz/libfg.a $$(pkg-config --libs yaml-0.1 libcjson)

fuzz: deps
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(FUZZ_PKGS)"
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	@sh test/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/flowgate \
		$(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 bin/flowgate $(TOOLS:%=bin/%) $(DESTDIR)$(PREFIX)/bin/
	install -m 0755 $(filter-out %/flowgate-sh-setup,$(wildcard libexec/flowgate/flowgate-*)) \
		$(DESTDIR)$(PREFIX)/libexec/flowgate/
	install -m 0644 libexec/flowgate/flowgate-sh-setup libexec/flowgate/supervisor.jq \
		$(DESTDIR)$(PREFIX)/libexec/flowgate/
	install -m 0644 $(foreach t,$(TOOLS),tools/$(t)/$(t).1) $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf build $(TOOLS:%=bin/%)
