# FlowGate — one entry point: build, test, demo, bench, install, deps.
VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
TOOLS      := fg-config fg-merge fg-resolve fg-state
PKGS       := yaml-0.1 libcjson
DEB_PKGS   := gcc make pkg-config libc6-dev libyaml-dev libcjson-dev jq bats bats-support bats-assert

ifeq ($(SANITIZE),1)
VARIANT    := san
OPT        := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
else
VARIANT    := rel
OPT        := -O2 -g
endif

BUILD      := build/$(VARIANT)
CPPFLAGS   += -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -DFG_VERSION='"$(VERSION)"' -Ilib
CFLAGS     += -std=c11 -Wall -Wextra -Werror $(OPT)
PKG_CFLAGS  = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIB_SRC    := $(wildcard lib/*.c)
LIB_OBJ    := $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)

.PHONY: all deps test demo bench install clean
all: $(TOOLS:%=bin/%)

# bin/ holds one variant at a time; the stamp changes only when SANITIZE does,
# and relinks every tool then.
$(shell mkdir -p build; [ "$$(cat build/variant 2>/dev/null)" = "$(VARIANT)" ] || echo "$(VARIANT)" > build/variant)

$(BUILD)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tools/%.o: tools/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

.SECONDARY:
.SECONDEXPANSION:
bin/%: $$(addprefix $(BUILD)/,$$(subst .c,.o,$$(wildcard tools/$$*/*.c))) $(LIB_OBJ) build/variant
	$(CC) $(CFLAGS) -o $@ $(filter %.o,$^) $(PKG_LIBS) $(LDLIBS)

# Installs missing Debian packages when run as root; otherwise says what to run.
deps:
	@missing=""; for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "make deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "make deps: missing Debian packages; run: sudo apt-get install -y$$missing" >&2; exit 2; \
	fi

test: deps
	@$(MAKE) --no-print-directory all
	bats --tap test

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@sh bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 bin/flowgate $(TOOLS:%=bin/%) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 $(foreach t,$(TOOLS),tools/$(t)/$(t).1) $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf build $(TOOLS:%=bin/%)
