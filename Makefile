# advice-column: the one entry point for editors and CI.
# Variables can be overridden on the command line: make html OUTPUTDIR=/tmp/site

PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PELICAN ?= $(BIN)/pelican
PELICANOPTS ?=

BASEDIR := $(CURDIR)
INPUTDIR ?= $(BASEDIR)/content
OUTPUTDIR ?= $(BASEDIR)/output
CONFFILE ?= $(BASEDIR)/pelicanconf.py
PUBLISHCONF ?= $(BASEDIR)/publishconf.py
PORT ?= 8000
SITEURL ?=
SUBMISSIONS_DIR ?= submissions
EDITORIAL_DIR ?= editorial
TITLE ?=
ID ?=
# `make notify STOP=…`: an address whose owner asked for no more reply notices.
STOP ?=
# The column's mailbox for `make queue` (empty: IMAP_URL in pelicanconf.py, if any).
IMAP_URL ?=
IMAP_CAFILE ?=
# `make receiver` (empty: RECEIVER_HOST, RECEIVER_PORT, RECEIVER_RATE of CONFFILE)
RECEIVER_HOST ?=
RECEIVER_PORT ?=
RECEIVER_RATE ?=

SSH_HOST ?= localhost
SSH_PORT ?= 22
SSH_USER ?= root
SSH_TARGET_DIR ?= /var/www
GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_PAGES_COMMIT_MESSAGE ?= Publish the column

# Our plugin's command line (check, new, queue, draft) runs from plugins/.
COLUMN := PYTHONPATH=$(BASEDIR)/plugins $(BIN)/python -m advice_column --conf $(CONFFILE)
# The editors' builds (html, serve, devserver, regenerate) keep Pelican's content
# cache here, so a rebuild reads only the columns that changed; pelicanconf.py
# turns the cache on when CONTENT_CACHE_DIR is set. `make publish` reads everything.
CACHEDIR ?= $(OUTPUTDIR).cache
# Their feeds' absolute addresses point at the server `make serve PORT=…` runs
# (pelicanconf.py reads LOCAL_PORT).
CACHED := CONTENT_CACHE_DIR=$(CACHEDIR) LOCAL_PORT=$(PORT)

SITE_STAMP := $(VENV)/.site-installed
DEV_STAMP := $(VENV)/.dev-installed
# The Nu Html Checker for the tests comes from npm (package-lock.json); Java runs it.
NPM_STAMP := node_modules/.installed

.DEFAULT_GOAL := help

help:
	@echo 'advice-column: a Pelican site for a Q&A advice column'
	@echo
	@echo 'Usage:'
	@echo '   make html                 (re)build the site into OUTPUTDIR (sets up .venv first)'
	@echo '   make clean                remove the generated site'
	@echo '   make regenerate           rebuild the site on every change'
	@echo '   make serve [PORT=8000]    serve OUTPUTDIR at http://127.0.0.1:PORT'
	@echo '   make devserver [PORT=8000] serve and rebuild on every change'
	@echo '   make publish [SITEURL=…]  the public build with publishconf.py (warnings are fatal)'
	@echo '   make rsync_upload         publish, then upload the site with rsync over SSH'
	@echo '   make github               publish, then push the site to GitHub Pages'
	@echo '   make check                validate all content without building'
	@echo '   make new TITLE="…"        a new draft column in content/columns/'
	@echo '   make queue                read SUBMISSIONS_DIR (and the mailbox at IMAP_URL) into the'
	@echo '                             editorial queue in EDITORIAL_DIR'
	@echo '   make draft ID=…           turn one queued submission into an anonymised draft column'
	@echo '   make receiver             receive the ask form'"'"'s letters into SUBMISSIONS_DIR/received/'
	@echo '                             and comments into SUBMISSIONS_DIR/comments/'
	@echo '                             on RECEIVER_HOST:RECEIVER_PORT (default 127.0.0.1:8001)'
	@echo '   make approve ID=…         publish pending comments (one id or several) with the next build'
	@echo '   make reject ID=…          keep comments private (removes an approved one)'
	@echo '   make notify [STOP=…]      send the reply notices not sent yet (approve sends them too);'
	@echo '                             STOP=address: no more notices to it'
	@echo '   make bench                the performance benchmark'
	@echo '   make test                 the whole test suite (sets up .venv first)'
	@echo
	@echo 'Variables: INPUTDIR OUTPUTDIR CONFFILE PUBLISHCONF PORT SITEURL SUBMISSIONS_DIR EDITORIAL_DIR'
	@echo '           IMAP_URL IMAP_CAFILE RECEIVER_HOST RECEIVER_PORT RECEIVER_RATE'
	@echo '           (the IMAP password: IMAP_PASSWORD in the environment, or ~/.netrc;'
	@echo '           the reply notices'"'"' mail server password: NOTICE_SMTP_PASSWORD)'

$(SITE_STAMP): requirements.txt constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(DEV_STAMP): $(SITE_STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

html: $(SITE_STAMP)
	$(CACHED) $(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

clean:
	rm -rf $(OUTPUTDIR) $(OUTPUTDIR).partial $(CACHEDIR)

regenerate: $(SITE_STAMP)
	$(CACHED) $(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: $(SITE_STAMP)
	$(CACHED) $(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b 127.0.0.1 -p $(PORT) $(PELICANOPTS)

# Our own server and loop (plugins/advice_column/devserver/), with Pelican's arguments:
# the open page reloads by itself; html and publish stay plain Pelican runs.
devserver: $(SITE_STAMP)
	$(CACHED) PYTHONPATH=$(BASEDIR)/plugins $(BIN)/python -m advice_column.devserver $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -l -b 127.0.0.1 -p $(PORT) $(PELICANOPTS)

# The public build goes to OUTPUTDIR.partial and replaces OUTPUTDIR only when
# it succeeded (search index included: the plugin builds it within Pelican's run):
# a failed build never leaves a half-written site to upload. `--fatal warnings`:
# any content error or warning fails it.
publish: $(SITE_STAMP)
	rm -rf $(OUTPUTDIR).partial
	SITEURL="$(SITEURL)" $(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR).partial -s $(PUBLISHCONF) --fatal warnings $(PELICANOPTS) \
		|| { rm -rf $(OUTPUTDIR).partial; echo 'make publish: the public build failed at the first problem above; nothing was replaced. `make check` lists every problem at once.' >&2; exit 1; }
	rm -rf $(OUTPUTDIR)
	mv $(OUTPUTDIR).partial $(OUTPUTDIR)

rsync_upload: publish
	rsync -e "ssh -p $(SSH_PORT)" -P -rvzc --include tags --cvs-exclude --delete "$(OUTPUTDIR)"/ "$(SSH_USER)@$(SSH_HOST):$(SSH_TARGET_DIR)"

github: publish
	$(BIN)/ghp-import -m "$(GITHUB_PAGES_COMMIT_MESSAGE)" -b $(GITHUB_PAGES_BRANCH) "$(OUTPUTDIR)" --no-jekyll
	git push origin $(GITHUB_PAGES_BRANCH)

check: $(SITE_STAMP)
	$(COLUMN) check --content $(INPUTDIR)

new: $(SITE_STAMP)
	$(COLUMN) new --content $(INPUTDIR) --title "$(TITLE)"

# Not echoed: IMAP_URL must hold no password, but one typed by mistake is not printed.
queue: $(SITE_STAMP)
	@$(COLUMN) queue --content $(INPUTDIR) --submissions $(SUBMISSIONS_DIR) --editorial $(EDITORIAL_DIR) \
		--imap-url "$(IMAP_URL)" --imap-cafile "$(IMAP_CAFILE)"

# The ask form's receiver: readers are sent back to SITEURL (publishconf.py reads it) or,
# locally, to the server `make serve PORT=…` runs, and only its pages may post.
receiver: $(SITE_STAMP)
	LOCAL_PORT=$(PORT) SITEURL="$(SITEURL)" $(COLUMN) receiver --content $(INPUTDIR) --submissions $(SUBMISSIONS_DIR) \
		--host "$(RECEIVER_HOST)" --port "$(RECEIVER_PORT)" --rate "$(RECEIVER_RATE)"

draft: $(SITE_STAMP)
	$(COLUMN) draft --content $(INPUTDIR) --editorial $(EDITORIAL_DIR) --id "$(ID)"

# Readers' comments: ID is one id or several ("id1 id2" or id1,id2), from the queue page.
# Approving sends the reply notices due, with the public build's settings (PUBLISHCONF, which
# reads SITEURL as `make publish` does): their links point at the public site.
DESK := --content $(INPUTDIR) --submissions $(SUBMISSIONS_DIR) --editorial $(EDITORIAL_DIR) --publishconf $(PUBLISHCONF)
approve: $(SITE_STAMP)
	SITEURL="$(SITEURL)" $(COLUMN) approve $(DESK) --id "$(ID)"

reject: $(SITE_STAMP)
	$(COLUMN) reject $(DESK) --id "$(ID)"

notify: $(SITE_STAMP)
	SITEURL="$(SITEURL)" $(COLUMN) notify $(DESK) --stop "$(STOP)"

bench: $(DEV_STAMP)
	PYTHONPATH=$(BASEDIR)/plugins $(BIN)/python -m bench $(BENCHOPTS)

test: $(DEV_STAMP) $(NPM_STAMP)
	$(BIN)/python -m pytest -n auto $(PYTESTOPTS)

.PHONY: help html clean regenerate serve devserver publish rsync_upload github check new queue draft receiver approve reject notify bench test
