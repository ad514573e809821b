// Filling a provider-approved channel template (WhatsApp's `{{1}}`, `{{2}}` …) with its
// parameters: the server stores the filled text as the message, the console previews it. Without
// zod, so the console loads it cheaply.

/** The template's text with `{{n}}` replaced by the n-th parameter; a placeholder with none stays. */
export function fillChannelTemplate(text: string, params: readonly string[]): string {
  return text.replace(/\{\{(\d+)\}\}/g, (placeholder, n: string) => params[Number(n) - 1] ?? placeholder);
}
