/* test-arm.c: the arm action's parameter (hl-arm.c) is checked before it reaches the kiosk, and a
 * refused one leaves the kiosk unarmed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hl-arm.h"
#include "hl-test-util.h"

typedef struct {
  const char *name;
  const char *text;     /* the parameter in GVariant text form, as `gapplication action` takes it */
  const char *message;  /* what the refusal says; NULL: accepted */
  const char *procedure, *officer, *ticket;
} Case;

static const Case cases[] = {
  { "all", "{'procedure': <'1.001193'>, 'officer': <'CB02'>, 'ticket': <'T-77'>}", NULL, "1.001193", "CB02", "T-77" },
  { "none", "@a{sv} {}", NULL, NULL, NULL, NULL },
  { "officer-only", "{'officer': <'CB01'>}", NULL, NULL, "CB01", NULL },
  { "ticket-inner-space", "{'ticket': <'A 12'>}", NULL, NULL, NULL, "A 12" },
  { "not-a-dict", "'CB01'", "the parameter is of type s, not a dictionary" },
  { "dict-of-strings", "{'officer': 'CB01'}", "the parameter is of type a{ss}, not a dictionary" },
  { "number", "{'procedure': <1001193>}", "“procedure” must be a string, not of type i" },
  { "nested-variant", "{'officer': <<'CB01'>>}", "“officer” must be a string, not of type v" },
  { "empty-ticket", "{'ticket': <''>}", "“ticket” is empty" },
  { "empty-officer", "{'officer': <''>}", "“officer” is empty" },
  { "space-before", "{'officer': <' CB01'>}", "“officer” has white space around it" },
  { "space-after", "{'ticket': <'T-77 '>}", "“ticket” has white space around it" },
  { "nbsp-after", "{'ticket': <'T-77\u00a0'>}", "“ticket” has white space around it" },
  { "unknown-key", "{'oficer': <'CB01'>}", "unknown member “oficer”" },
  { "twice", "{'officer': <'CB01'>, 'officer': <'CB02'>}", "“officer” is given twice" },
  { "control", "{'ticket': <'T\\u0001'>}", "“ticket” holds a control character" },
  { "not-a-code", "{'procedure': <'1.001;193'>}", "“procedure” is a code" },
  { "long-ticket", "{'ticket': <'0123456789012345678901234567890123456789012345678901234567890123456789'>}",
    "“ticket” is longer than 64 bytes" },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) parameter = g_variant_ref_sink (g_variant_parse (NULL, c->text, NULL, NULL, &error));
  g_autoptr(HlArmRequest) request = NULL;

  g_assert_no_error (error);
  request = hl_arm_request_parse (parameter, &error);
  if (c->message == NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (request);
      g_assert_cmpstr (request->procedure, ==, c->procedure);
      g_assert_cmpstr (request->officer, ==, c->officer);
      g_assert_cmpstr (request->ticket, ==, c->ticket);
      return;
    }
  g_assert_null (request);
  g_assert_error (error, HL_ARM_ERROR, HL_ARM_ERROR_INVALID);
  if (strstr (error->message, c->message) == NULL)
    g_error ("expected “%s” in “%s”", c->message, error->message);
}

static void
test_no_parameter (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlArmRequest) request = hl_arm_request_parse (NULL, &error);

  g_assert_null (request);
  g_assert_error (error, HL_ARM_ERROR, HL_ARM_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/arm/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/arm/no-parameter", test_no_parameter);
  return g_test_run ();
}
