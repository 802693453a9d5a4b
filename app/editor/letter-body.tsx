/**
 * Read-only letter text. The HTML must come from renderLetterBody (sanitised on the server against an allow-list),
 * which is why injecting it is acceptable here. No Lexical import: safe for any route.
 */
import { LETTER_TYPOGRAPHY_CSS } from "./theme";

export function LetterBody(props: { html: string; className?: string; lang?: string }) {
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: LETTER_TYPOGRAPHY_CSS }} />
      <div
        className={`letter-typography letter-body${props.className ? ` ${props.className}` : ""}`}
        lang={props.lang}
        dangerouslySetInnerHTML={{ __html: props.html }}
      />
    </>
  );
}
