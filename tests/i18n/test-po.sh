#!/usr/bin/env bash
# test-po.sh: the translations are complete. Every string the sources mark (xgettext over po/POTFILES.in,
# made afresh here, so that a string added without updating po/ is caught) is translated in every language
# of po/LINGUAS, none fuzzy, with the same printf conversions (msgfmt -c); every source file that marks
# strings is in POTFILES.in; the catalogue built in the build tree gives the translation; and each survey
# definition has a text in every language it offers. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${HL_SOURCE_ROOT:?}" "${HL_BUILD_ROOT:?}"
. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
po="$HL_SOURCE_ROOT/po"
export LC_ALL=C.UTF-8

# The keywords of meson's "glib" preset, which builds the real template.
(cd "$HL_SOURCE_ROOT" && xgettext --from-code=UTF-8 --package-name=hailong -o "$tmp/hailong.pot" \
   --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
   --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 --flag=N_:1:pass-c-format \
   --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
   --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
   --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format \
   --flag=g_set_error:4:c-format -f po/POTFILES.in) 2>"$tmp/xgettext.err"
check "xgettext reads every file of POTFILES.in" [ -s "$tmp/hailong.pot" ] '&&' [ ! -s "$tmp/xgettext.err" ]
check "the sources mark strings (more than 100)" [ "$(grep -c '^msgid "' "$tmp/hailong.pot")" -gt 100 ]

# Every file that marks a string is listed: one left out would never reach the catalogue.
missing=$(cd "$HL_SOURCE_ROOT" && grep -lE '(^|[^A-Za-z0-9_])N?C?_\("' app/core/*/*.c app/kiosk/*.c;
          cd "$HL_SOURCE_ROOT" && grep -l 'translatable="yes"' ui/*.ui)
unlisted=$(for f in $missing; do grep -qxF "$f" "$po/POTFILES.in" || echo "$f"; done)
check "every file with marked strings is in po/POTFILES.in" eq "$unlisted" ""

for lang in $(grep -v '^#' "$po/LINGUAS"); do
  check "$lang: po/$lang.po compiles with its printf conversions matching (msgfmt -c)" \
    msgfmt -c -o "$tmp/$lang.mo" "$po/$lang.po"
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.merged.po" "$po/$lang.po" "$tmp/hailong.pot"
  check "$lang: every string of the sources is translated" \
    eq "$(msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.merged.po" | grep '^msgid "' \
          | grep -v '^msgid ""$')" ""
  check "$lang: no translation is fuzzy" \
    eq "$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$po/$lang.po" | grep '^msgid "' | grep -v '^msgid ""$')" ""
  mo="$HL_BUILD_ROOT/po/$lang/LC_MESSAGES/hailong.mo"
  check "$lang: the build tree holds the compiled catalogue the uninstalled kiosk binds" [ -s "$mo" ]
done

# The English catalogue as the kiosk reads it, through gettext's own lookup.
check "en: the built catalogue turns «Bỏ qua» into «Skip»" \
  eq "$(LANGUAGE=en TEXTDOMAINDIR="$HL_BUILD_ROOT/po" gettext -d hailong "Bỏ qua")" "Skip"
check "vi: the source language needs no catalogue" \
  eq "$(LANGUAGE=vi TEXTDOMAINDIR="$HL_BUILD_ROOT/po" gettext -d hailong "Bỏ qua")" "Bỏ qua"

# The survey's own texts: every text object of a definition has each language its "languages" offers.
for survey in "$HL_SOURCE_ROOT"/survey_defs/*.json; do
  check "$(basename "$survey"): every text is in each language the survey offers" \
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
langs = d.get("languages", ["vi"])
bad = []
def walk(node, path):
    if isinstance(node, dict):
        if "vi" in node and all(isinstance(v, str) for v in node.values()):
            bad.extend("%s lacks %s" % (path, l) for l in langs if not node.get(l))
            return
        for k, v in node.items(): walk(v, path + "." + k)
    elif isinstance(node, list):
        for i, v in enumerate(node): walk(v, "%s[%d]" % (path, i))
walk(d, "")
print("\n".join("# " + b for b in bad))
sys.exit(1 if bad else 0)' "$survey"
done

tap_end
