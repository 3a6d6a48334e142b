# Build, install and package ipvsadm-rs.
#
#   make                     the programs, in target/release (packaging/build-programs.sh:
#                            static-pie where glibc allows; LINK=dynamic for a shared libc)
#   make install             to $(DESTDIR)$(PREFIX); as root, after `make`
#   make uninstall
#   make deb | make rpm      packages in target/pkg/ (dpkg-deb; rpmbuild)
#   make completions         regenerate completions/ from the option table
#   make licenses            regenerate packaging/copyright from cargo metadata
#
# DISTRO=debian|redhat picks the service's config layout and the unit and
# zsh directories (default: the build machine's).

PACKAGE     := ipvsadm-rs
VERSION     := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
RELEASE     ?= 1

PREFIX      ?= /usr
SBINDIR     ?= $(PREFIX)/sbin
DATADIR     ?= $(PREFIX)/share
MANDIR      ?= $(DATADIR)/man
DOCDIR      ?= $(DATADIR)/doc/$(PACKAGE)
LIBEXECDIR  ?= $(PREFIX)/libexec
SYSCONFDIR  ?= /etc
DISTRO      ?= $(shell [ -e /etc/redhat-release ] && echo redhat || echo debian)
# /usr/lib/systemd/system also on Debian: bookworm's systemd and
# deb-systemd-helper read it, and trixie's lintian calls /lib aliased.
UNITDIR     ?= $(PREFIX)/lib/systemd/system
ifeq ($(DISTRO),redhat)
ZSHCOMPDIR  ?= $(DATADIR)/zsh/site-functions
else
ZSHCOMPDIR  ?= $(DATADIR)/zsh/vendor-completions
endif
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d
GZIP_MAN    ?= yes

# Package file dates, archive headers and build times: the date of the top
# entry of packaging/debian/changelog, so that two builds are identical.
SOURCE_DATE_EPOCH ?= $(shell date -d "$$(sed -n 's/^ -- .*>  //p' packaging/debian/changelog \
		| head -n 1)" +%s)
export SOURCE_DATE_EPOCH

CARGO       ?= cargo
PROFILE     ?= release
BUILDDIR    := target/$(if $(filter dev,$(PROFILE)),debug,$(PROFILE))
BINS        := ipvsadm ipvsadm-save ipvsadm-restore ipvstop
PKGDIR      := target/pkg
INSTALL     ?= install
# LINK=auto|static|dynamic: how the programs link the C library. `make`
# and `make install` take auto (static-pie where glibc allows, see
# packaging/build-programs.sh); the packages always link it dynamically,
# as Debian's and Fedora's policies want, so that a libc update reaches
# the programs without a rebuild (rpmlint refuses a static glibc, lintian
# warns), and their control files name the libc they depend on.
LINK        ?= $(or $(IPVS_LINK),auto)
deb rpm: override LINK = dynamic
BUILD_PROGRAMS = CARGO='$(CARGO)' PROFILE='$(PROFILE)' IPVS_LINK='$(LINK)' packaging/build-programs.sh

# $(call install_conf,MODE,SOURCE,DEST): install unless DEST exists.
install_conf = [ -e $(DESTDIR)$(3) ] || $(INSTALL) -D -m $(1) $(2) $(DESTDIR)$(3)

.PHONY: all build install uninstall completions licenses deb rpm clean-pkg

all: build

build:
	$(BUILD_PROGRAMS)

# Built only when missing, so that `make install` as root after `make`
# does not run cargo again.
$(addprefix $(BUILDDIR)/,$(BINS)):
	$(BUILD_PROGRAMS)

install: $(addprefix $(BUILDDIR)/,$(BINS))
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(DOCDIR) $(DESTDIR)$(LIBEXECDIR)/ipvsadm $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	for b in $(BINS); do $(INSTALL) -m 0755 $(BUILDDIR)/$$b $(DESTDIR)$(SBINDIR)/$$b || exit; done
	for m in $(BINS); do \
		if [ "$(GZIP_MAN)" = yes ]; then \
			gzip -9nc man/$$m.8 >$(DESTDIR)$(MANDIR)/man8/$$m.8.gz || exit; \
			chmod 0644 $(DESTDIR)$(MANDIR)/man8/$$m.8.gz; \
		else $(INSTALL) -m 0644 man/$$m.8 $(DESTDIR)$(MANDIR)/man8/ || exit; fi; \
	done
	for b in $(BINS); do \
		$(INSTALL) -m 0644 completions/bash/$$b $(DESTDIR)$(BASHCOMPDIR)/$$b && \
		$(INSTALL) -m 0644 completions/zsh/_$$b $(DESTDIR)$(ZSHCOMPDIR)/_$$b && \
		$(INSTALL) -m 0644 completions/fish/$$b.fish $(DESTDIR)$(FISHCOMPDIR)/$$b.fish || exit; \
	done
	$(INSTALL) -m 0644 README.md docs/json.md $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 0755 packaging/ipvsadm-service.sh $(DESTDIR)$(LIBEXECDIR)/ipvsadm/ipvsadm-service
	sed 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' packaging/$(DISTRO)/ipvsadm.service \
		>$(DESTDIR)$(UNITDIR)/ipvsadm.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/ipvsadm.service
	# The metrics timer (off until enabled) and the JSON schema.
	$(INSTALL) -m 0755 packaging/ipvsadm-metrics.sh $(DESTDIR)$(LIBEXECDIR)/ipvsadm/ipvsadm-metrics
	sed 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' packaging/ipvsadm-metrics.service \
		>$(DESTDIR)$(UNITDIR)/ipvsadm-metrics.service
	$(INSTALL) -m 0644 packaging/ipvsadm-metrics.timer $(DESTDIR)$(UNITDIR)/
	chmod 0644 $(DESTDIR)$(UNITDIR)/ipvsadm-metrics.service
	$(INSTALL) -m 0644 docs/json.schema.json $(DESTDIR)$(DOCDIR)/
	# Configuration files: only where there is none yet.
ifeq ($(DISTRO),redhat)
	$(call install_conf,0644,packaging/redhat/ipvsadm-config,$(SYSCONFDIR)/sysconfig/ipvsadm-config)
else
	$(call install_conf,0644,packaging/debian/default,$(SYSCONFDIR)/default/ipvsadm)
	$(call install_conf,0644,packaging/debian/ipvsadm.rules,$(SYSCONFDIR)/ipvsadm.rules)
endif

# Leaves the configuration files in $(SYSCONFDIR) alone.
uninstall:
	for b in $(BINS); do rm -f $(DESTDIR)$(SBINDIR)/$$b $(DESTDIR)$(MANDIR)/man8/$$b.8 \
		$(DESTDIR)$(MANDIR)/man8/$$b.8.gz $(DESTDIR)$(BASHCOMPDIR)/$$b \
		$(DESTDIR)$(ZSHCOMPDIR)/_$$b $(DESTDIR)$(FISHCOMPDIR)/$$b.fish; done
	rm -f $(DESTDIR)$(UNITDIR)/ipvsadm.service
	rm -f $(DESTDIR)$(UNITDIR)/ipvsadm-metrics.service $(DESTDIR)$(UNITDIR)/ipvsadm-metrics.timer
	rm -rf $(DESTDIR)$(LIBEXECDIR)/ipvsadm $(DESTDIR)$(DOCDIR)

completions:
	UPDATE_COMPLETIONS=1 $(CARGO) test --test completions committed_completions_are_current

licenses:
	UPDATE_LICENSES=1 $(CARGO) test --test licenses committed_copyright_is_current

# ---------------------------------------------------------------- .deb --
# packaging/debian/build-deb.sh adds the package metadata, strips the
# programs into a -dbgsym .ddeb and builds both reproducibly.
DEB_ROOT  = $(PKGDIR)/deb-root

deb: build
	rm -rf $(DEB_ROOT) $(DEB_ROOT).dbgsym
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/$(DEB_ROOT) DISTRO=debian \
		PREFIX=/usr UNITDIR=/usr/lib/systemd/system
	packaging/debian/build-deb.sh $(DEB_ROOT) $(PKGDIR) $(VERSION)-$(RELEASE)

# ---------------------------------------------------------------- .rpm --
RPM_TOP   = $(CURDIR)/$(PKGDIR)/rpm
RPM_STAGE = $(CURDIR)/$(PKGDIR)/rpm-stage

rpm: build
	rm -rf $(RPM_STAGE) $(RPM_STAGE).debug $(RPM_TOP)
	$(MAKE) --no-print-directory install DESTDIR=$(RPM_STAGE) DISTRO=redhat \
		PREFIX=/usr UNITDIR=/usr/lib/systemd/system
	packaging/split-debug.sh $(RPM_STAGE) $(RPM_STAGE).debug >/dev/null
	mkdir -p $(RPM_TOP)
	rpmbuild -bb --quiet \
		--define '_topdir $(RPM_TOP)' \
		--define 'stage $(RPM_STAGE)' \
		--define 'stage_debug $(RPM_STAGE).debug' \
		--define 'srcdir $(CURDIR)' \
		--define 'pkg_version $(VERSION)' \
		--define 'pkg_release $(RELEASE)' \
		packaging/redhat/ipvsadm-rs.spec
	cp $(RPM_TOP)/RPMS/*/$(PACKAGE)-*$(VERSION)-$(RELEASE).*.rpm $(PKGDIR)/

clean-pkg:
	rm -rf $(PKGDIR)
