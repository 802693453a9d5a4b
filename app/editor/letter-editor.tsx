/**
 * The letter editor (browser). Import it only from editor routes: it pulls in Lexical. The current document is kept
 * as JSON in a hidden input named `name`, so a plain Remix <Form> posts it; the server validates and renders it.
 */
import { LexicalComposer, type InitialConfigType } from "@lexical/react/LexicalComposer";
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { ContentEditable } from "@lexical/react/LexicalContentEditable";
import { LexicalErrorBoundary } from "@lexical/react/LexicalErrorBoundary";
import { HistoryPlugin } from "@lexical/react/LexicalHistoryPlugin";
import { LinkPlugin } from "@lexical/react/LexicalLinkPlugin";
import { ListPlugin } from "@lexical/react/LexicalListPlugin";
import { OnChangePlugin } from "@lexical/react/LexicalOnChangePlugin";
import { RichTextPlugin } from "@lexical/react/LexicalRichTextPlugin";
import type { EditorState, SerializedEditorState } from "lexical";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useT, type MessageKey, type Vars } from "#app/i18n";
import { emptyEditorJson, markedTextFromEditorJson } from "./build";
import { CleanContentPlugin } from "./plugins/clean-content-plugin";
import { FootnotesPlugin } from "./plugins/footnotes-plugin";
import { ToolbarPlugin } from "./plugins/toolbar-plugin";
import { letterNodes } from "./registry";
import { LETTER_EDITOR_CSS, LETTER_TYPOGRAPHY_CSS, letterEditorTheme } from "./theme";
import { isSafeLinkUrl } from "./url";
import { validateEditorJson } from "./validate";

export type LetterEditorProps = {
  /** Name of the hidden input that carries the editor JSON in the form post. */
  name: string;
  /** Stored editor JSON (object or JSON text); null starts from an empty page. */
  initialJson: SerializedEditorState | string | null | undefined;
  /** Accessible name of the text area; ignored when ariaLabelledBy is given. Default: "Letter text". */
  ariaLabel?: string;
  /** id of a visible label for the text area (preferred). */
  ariaLabelledBy?: string;
  ariaDescribedBy?: string;
  /** Called when the text starts or stops differing from what the editor was loaded with. */
  onDirtyChange?: (dirty: boolean) => void;
  /** Called with the serialised JSON after every content change (for autosave). */
  onChangeJson?: (json: string) => void;
  /** Sanitised HTML of the current text, shown when JavaScript is off. */
  fallbackHtml?: string;
  /**
   * Name of the plain textarea offered when JavaScript is off (inside <noscript>, so it is only ever posted by a
   * browser without JavaScript; the server should prefer it when present). Default: `name` with "Json" replaced by
   * "Text" ("bodyJson" -> "bodyText"). Pass null for no fallback field.
   */
  fallbackTextName?: string | null;
  placeholder?: string;
};

function serialise(initialJson: LetterEditorProps["initialJson"]): {
  json: string;
  error: { key: MessageKey; vars?: Vars } | null;
} {
  if (initialJson === null || initialJson === undefined || initialJson === "")
    return { json: JSON.stringify(emptyEditorJson()), error: null };
  // Stored drafts were validated on save; this guards the page against anything else (Lexical would throw on mount).
  // The refusal is shown, so nobody saves over a stored text believing it was loaded.
  const valid = validateEditorJson(initialJson);
  if (!valid.ok)
    return { json: JSON.stringify(emptyEditorJson()), error: { key: valid.errorKey, vars: valid.errorVars } };
  return { json: JSON.stringify(valid.state), error: null };
}

/** Reports dirtiness against the state the editor holds right after loading (Lexical's own normal form). */
function DirtyTracker(props: {
  onValue: (json: string) => void;
  onDirtyChange?: (dirty: boolean) => void;
  onChangeJson?: (json: string) => void;
}) {
  const [editor] = useLexicalComposerContext();
  const baseline = useRef<string | null>(null);
  const dirty = useRef(false);
  const { onValue, onDirtyChange, onChangeJson } = props;

  useEffect(() => {
    const json = JSON.stringify(editor.getEditorState().toJSON());
    baseline.current = json;
    onValue(json);
  }, [editor, onValue]);

  const onChange = useCallback(
    (state: EditorState) => {
      const json = JSON.stringify(state.toJSON());
      onValue(json);
      const isDirty = json !== baseline.current;
      if (isDirty !== dirty.current) {
        dirty.current = isDirty;
        onDirtyChange?.(isDirty);
      }
      onChangeJson?.(json);
    },
    [onValue, onDirtyChange, onChangeJson],
  );
  return <OnChangePlugin onChange={onChange} ignoreSelectionChange />;
}

export function LetterEditor(props: LetterEditorProps) {
  const t = useT();
  const { json: initial, error: loadError } = useMemo(() => serialise(props.initialJson), [props.initialJson]);
  const [value, setValue] = useState(initial);

  const initialConfig = useMemo<InitialConfigType>(
    () => ({
      namespace: "letter",
      nodes: letterNodes,
      theme: letterEditorTheme,
      editorState: initial,
      onError: (error: Error) => {
        // A broken stored draft must not take the page down; the server-side validation is the real gate.
        console.error("Letter editor error", error);
      },
    }),
    // The editor owns its state after mount; re-keying the component is how a caller loads another text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const label = props.ariaLabelledBy ? undefined : (props.ariaLabel ?? t("editor.label"));
  const placeholder = props.placeholder ?? t("editor.placeholder");
  const fallbackTextName =
    props.fallbackTextName === undefined ? `${props.name.replace(/Json$/, "")}Text` : props.fallbackTextName;

  return (
    <div className="letter-editor">
      <style dangerouslySetInnerHTML={{ __html: LETTER_TYPOGRAPHY_CSS + LETTER_EDITOR_CSS }} />
      <input type="hidden" name={props.name} value={value} readOnly />
      {loadError ? (
        <p className="letter-editor__error" role="alert">
          {t("editor.invalid.initial", { error: t(loadError.key, loadError.vars) })}
        </p>
      ) : null}
      <noscript>
        <p>{t("editor.noScriptEdit")}</p>
        {props.fallbackHtml ? (
          <div className="letter-typography" dangerouslySetInnerHTML={{ __html: props.fallbackHtml }} />
        ) : null}
        {fallbackTextName ? (
          <textarea
            name={fallbackTextName}
            aria-label={label ?? t("editor.label")}
            aria-labelledby={props.ariaLabelledBy}
            defaultValue={markedTextFromEditorJson(JSON.parse(initial))}
            rows={20}
            style={{ width: "100%" }}
          />
        ) : null}
      </noscript>
      <LexicalComposer initialConfig={initialConfig}>
        <ToolbarPlugin />
        <div className="letter-editor__surface letter-typography">
          <RichTextPlugin
            contentEditable={
              <ContentEditable
                className="letter-editor__content"
                aria-label={label}
                aria-labelledby={props.ariaLabelledBy}
                aria-describedby={props.ariaDescribedBy}
                aria-multiline
                role="textbox"
                spellCheck
                aria-placeholder={placeholder}
                placeholder={<div className="letter-editor__placeholder">{placeholder}</div>}
              />
            }
            ErrorBoundary={LexicalErrorBoundary}
          />
        </div>
        <FootnotesPlugin />
        <HistoryPlugin />
        <ListPlugin />
        <LinkPlugin validateUrl={isSafeLinkUrl} attributes={{ rel: "noopener noreferrer" }} />
        <CleanContentPlugin />
        <DirtyTracker onValue={setValue} onDirtyChange={props.onDirtyChange} onChangeJson={props.onChangeJson} />
      </LexicalComposer>
    </div>
  );
}
