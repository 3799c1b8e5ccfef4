/** Text cut to 40 characters for a message, with `...` where it was cut. */
export function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
