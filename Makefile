# Hài Lòng: the two commands of the README, and the others a developer uses.
#   make run    install what is missing, build, start the kiosk on the demo configuration
#   make test   install what is missing, build, run every test
#   make screenshots  run the UI and kiosk-session tests and copy their pictures to docs/screenshots/
#   make install  build and install hailong and hailong-kiosk into PREFIX (default ~/.local: PREFIX/bin)
#   make fuzz   run each fuzz target (tests/fuzz) for 5 minutes instead of make test's 10 s
#   make torture  the crash and power-loss tests with thousands of kills and power cuts (a few minutes)
#   make bench  the benchmarks of docs/performance.md at full size (10 million responses, ~15 minutes)
#   make bench-quick  the same at small sizes (1 million responses, ~4 minutes)
BUILD ?= build
# Where `make install` puts the programs (PREFIX/bin), the survey definitions and the demo configuration
# (PREFIX/share/hailong): the user's own ~/.local needs no root; PREFIX=/usr/local for every user.
PREFIX ?= $(HOME)/.local

# Debian 12 packages for building, running and testing.
PACKAGES := meson ninja-build pkg-config gcc libc6-dev \
	libglib2.0-dev libgtk-4-dev libadwaita-1-dev libjson-glib-dev libsqlite3-dev libsodium-dev nettle-dev libqrencode-dev \
	libpango1.0-dev libxlsxwriter-dev \
	gettext desktop-file-utils appstream espeak-ng libgtk-4-media-gstreamer gstreamer1.0-plugins-good \
	xvfb xauth xdotool dbus sqlite3 zbar-tools fonts-noto-core python3 python3-cryptography python3-pil \
	poppler-utils python3-openpyxl dosfstools fusefat \
	cage grim xwayland procps at-spi2-core python3-pyatspi \
	clang libclang-rt-14-dev libgl1-mesa-dri heaptrack \
	e2fsprogs mount

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build install run test torture fuzz bench bench-quick clean

all: build

# Installs only what is missing, so that a second run asks nothing of apt.
deps:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(BUILD)/build.ninja:
	meson setup --prefix="$(abspath $(PREFIX))" $(BUILD)

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

# The build directory is (re)configured for PREFIX, then installed; the programs find their survey
# definitions under PREFIX/share/hailong.
install: deps $(BUILD)/build.ninja
	meson configure $(BUILD) -Dprefix="$(abspath $(PREFIX))"
	meson compile -C $(BUILD)
	meson install -C $(BUILD) --quiet
	@echo "Installed hailong and hailong-kiosk in $(abspath $(PREFIX))/bin"

run: build
	bash data/demo/run-demo.sh $(BUILD)

test: build
	meson test -C $(BUILD) --print-errorlogs

# The README's pictures: the UI test and the kiosk-session test take them (the kiosk's own renderings
# under Xvfb, and grim's picture of cage's output), and these copies are committed in docs/screenshots/.
SHOTS := 1920x1080/first-screen 1024x600/first-screen 1024x600/follow-up 1024x600/thank-you \
	1024x600/out-of-service \
	language/first-screen-vi language/first-screen-en language/follow-up-en thanks/thank-you-qr-vi \
	thanks/thank-you-qr-en \
	modes/1024x600/high-contrast modes/1024x600/large-text modes/1024x600/privacy modes/1024x600/closed
screenshots: build
	meson test -C $(BUILD) --print-errorlogs kiosk-ui kiosk-session kiosk-language kiosk-thanks kiosk-modes-ui
	mkdir -p docs/screenshots
	for s in $(SHOTS); do cp "$(BUILD)/screenshots/$$s.png" "docs/screenshots/$$(echo $$s | tr / -).png"; done
	cp $(BUILD)/screenshots/session/cage-headless.png docs/screenshots/kiosk-session-under-cage.png
	cp $(BUILD)/screenshots/session/cage-portrait.png docs/screenshots/kiosk-session-portrait.png

# The durability tests of tests/crash/ with thousands of iterations instead of make test's hundreds; the
# counts can be given on the command line (make torture KILLS=10000).
KILLS ?= 3000
CUTS ?= 5000
torture: build
	HL_CRASH_KILLS=$(KILLS) HL_POWER_CUTS=$(CUTS) meson test -C $(BUILD) --print-errorlogs --timeout-multiplier 0 \
	  --suite durability crash power-loss

# The fuzz targets of tests/fuzz/ (the survey and configuration loaders, the CSV reader, the arm action's
# parameter) for FUZZ_SECONDS each; inputs that reach new code are kept in $(BUILD)/fuzz/corpus for the
# next run.
FUZZ_SECONDS ?= 300
fuzz: build
	bash tests/fuzz/run-fuzz.sh $(FUZZ_SECONDS) $(BUILD)

# Benchmarks are not tests: make test never runs them, and they assert no time (docs/performance.md).
bench: build
	bash tests/bench/run-bench.sh $(BUILD)

bench-quick: build
	bash tests/bench/run-bench.sh $(BUILD) --quick

clean:
	rm -rf $(BUILD) demo-output
