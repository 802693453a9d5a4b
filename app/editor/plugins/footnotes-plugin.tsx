/**
 * Footnotes in the browser editor: writes the current number (document order) into each footnote reference after
 * every update, and shows the notes under the text where they can be edited or removed.
 */
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { $getNodeByKey, type LexicalEditor } from "lexical";
import { useEffect, useId, useState } from "react";
import { useT, type T } from "#app/i18n";
import { $collectFootnotes, $isFootnoteNode } from "../nodes/footnote-node";

type NoteEntry = { key: string; note: string };

function readNotes(editor: LexicalEditor): NoteEntry[] {
  return editor.getEditorState().read(() => $collectFootnotes().map((n) => ({ key: n.getKey(), note: n.getNote() })));
}

function numberReferences(editor: LexicalEditor, notes: NoteEntry[], t: T) {
  notes.forEach(({ key, note }, i) => {
    const el = editor.getElementByKey(key);
    if (!el) return;
    const number = String(i + 1);
    if (el.textContent !== number) el.textContent = number;
    el.setAttribute("aria-label", `${t("editor.footnoteRef", { number })}: ${note}`);
    el.title = note;
  });
}

function sameNotes(a: NoteEntry[], b: NoteEntry[]) {
  return a.length === b.length && a.every((x, i) => x.key === b[i].key && x.note === b[i].note);
}

export function FootnotesPlugin() {
  const [editor] = useLexicalComposerContext();
  const t = useT();
  const headingId = useId();
  const [notes, setNotes] = useState<NoteEntry[]>(() => readNotes(editor));

  useEffect(() => {
    const refresh = () => {
      const next = readNotes(editor);
      // The footnote DOM belongs to the decorator (Lexical does not manage its children), so writing the number
      // here does not fight the reconciler.
      numberReferences(editor, next, t);
      setNotes((prev) => (sameNotes(prev, next) ? prev : next));
    };
    refresh();
    return editor.registerUpdateListener(refresh);
  }, [editor, t]);

  const setNote = (key: string, note: string) =>
    editor.update(() => {
      const node = $getNodeByKey(key);
      if ($isFootnoteNode(node)) node.setNote(note);
    });
  const remove = (key: string) =>
    editor.update(() => {
      const node = $getNodeByKey(key);
      if ($isFootnoteNode(node)) node.remove();
    });

  if (notes.length === 0) return null;
  return (
    <section className="letter-editor__notes" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("editor.notes")}</h3>
      <ol>
        {notes.map(({ key, note }, i) => (
          <li key={key}>
            <div className="letter-editor__note">
              <textarea
                aria-label={t("editor.footnoteEdit", { number: i + 1 })}
                value={note}
                rows={Math.min(6, Math.max(1, Math.ceil(note.length / 80)))}
                onChange={(e) => setNote(key, e.currentTarget.value)}
              />
              <button
                type="button"
                onClick={() => remove(key)}
                aria-label={t("editor.footnoteRemove", { number: i + 1 })}
              >
                ✕
              </button>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
