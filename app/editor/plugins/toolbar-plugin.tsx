/** The editor toolbar: block types, text formats, lists, links, footnotes, undo/redo. Every control is a labelled button. */
import { $isLinkNode, $toggleLink } from "@lexical/link";
import {
  $isListNode,
  INSERT_ORDERED_LIST_COMMAND,
  INSERT_UNORDERED_LIST_COMMAND,
  ListNode,
  REMOVE_LIST_COMMAND,
} from "@lexical/list";
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { $createHeadingNode, $createQuoteNode, $isHeadingNode, $isQuoteNode } from "@lexical/rich-text";
import { $setBlocksType } from "@lexical/selection";
import { $findMatchingParent, $getNearestNodeOfType, mergeRegister } from "@lexical/utils";
import {
  $createParagraphNode,
  $getRoot,
  $getSelection,
  $isParagraphNode,
  $isRangeSelection,
  $isRootOrShadowRoot,
  $setSelection,
  CAN_REDO_COMMAND,
  CAN_UNDO_COMMAND,
  COMMAND_PRIORITY_LOW,
  FORMAT_TEXT_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
  type BaseSelection,
  type LexicalEditor,
} from "lexical";
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { useT } from "#app/i18n";
import { $createFootnoteNode } from "../nodes/footnote-node";
import { isSafeLinkUrl, normaliseLinkInput } from "../url";

type BlockType = "paragraph" | "h2" | "h3" | "quote" | "bullet" | "number" | "other";
type ToolbarState = { block: BlockType; bold: boolean; italic: boolean; underline: boolean; link: string | null };
const INITIAL: ToolbarState = { block: "paragraph", bold: false, italic: false, underline: false, link: null };

function $readToolbarState(): ToolbarState {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return INITIAL;
  const anchor = selection.anchor.getNode();
  const top =
    anchor.getKey() === "root"
      ? anchor
      : ($findMatchingParent(anchor, (n) => {
          const parent = n.getParent();
          return parent !== null && $isRootOrShadowRoot(parent);
        }) ?? anchor.getTopLevelElementOrThrow());
  let block: BlockType = "other";
  if ($isListNode(top)) {
    const list = $getNearestNodeOfType(anchor, ListNode);
    const type = (list ?? top).getListType();
    block = type === "number" ? "number" : "bullet";
  } else if ($isHeadingNode(top)) block = top.getTag() === "h2" ? "h2" : top.getTag() === "h3" ? "h3" : "other";
  else if ($isQuoteNode(top)) block = "quote";
  else if ($isParagraphNode(top)) block = "paragraph";
  const linkNode = $findMatchingParent(anchor, $isLinkNode);
  return {
    block,
    bold: selection.hasFormat("bold"),
    italic: selection.hasFormat("italic"),
    underline: selection.hasFormat("underline"),
    link: $isLinkNode(linkNode) ? linkNode.getURL() : null,
  };
}

function ToolButton(props: {
  label: string;
  pressed?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
  shortcut?: string;
}) {
  return (
    <button
      type="button"
      aria-label={props.label}
      aria-pressed={props.pressed}
      aria-keyshortcuts={props.shortcut}
      title={props.shortcut ? `${props.label} (${props.shortcut})` : props.label}
      disabled={props.disabled}
      // Keep the text selection in the editor when a button is clicked with the mouse.
      onMouseDown={(e) => e.preventDefault()}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

/** Restores a saved selection (taken before focus moved to a toolbar form) and runs fn in the same update. */
function updateAtSelection(editor: LexicalEditor, saved: BaseSelection | null, fn: () => void) {
  editor.update(() => {
    if (saved) $setSelection(saved.clone());
    fn();
  });
  editor.focus();
}

export function ToolbarPlugin() {
  const [editor] = useLexicalComposerContext();
  const t = useT();
  const [state, setState] = useState<ToolbarState>(INITIAL);
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);
  const [panel, setPanel] = useState<null | "link" | "footnote">(null);
  const [linkInput, setLinkInput] = useState("");
  const [noteInput, setNoteInput] = useState("");
  const [panelError, setPanelError] = useState<string | null>(null);
  const savedSelection = useRef<BaseSelection | null>(null);
  const panelInputId = useId();
  const panelErrorId = useId();
  // Decided after hydration so that server and client render the same markup first.
  const [mod, setMod] = useState<"Control" | "Meta">("Control");
  useEffect(() => {
    if (/Mac|iPhone|iPad/.test(navigator.platform)) setMod("Meta");
  }, []);

  useEffect(
    () =>
      mergeRegister(
        editor.registerUpdateListener(({ editorState }) => editorState.read(() => setState($readToolbarState()))),
        editor.registerCommand(CAN_UNDO_COMMAND, (v) => (setCanUndo(v), false), COMMAND_PRIORITY_LOW),
        editor.registerCommand(CAN_REDO_COMMAND, (v) => (setCanRedo(v), false), COMMAND_PRIORITY_LOW),
      ),
    [editor],
  );

  const setBlock = useCallback(
    (target: "h2" | "h3" | "quote") =>
      editor.update(() => {
        const selection = $getSelection();
        const off = state.block === target;
        $setBlocksType(selection, () =>
          off ? $createParagraphNode() : target === "quote" ? $createQuoteNode() : $createHeadingNode(target),
        );
      }),
    [editor, state.block],
  );

  const toggleList = (type: "bullet" | "number") => {
    if (state.block === type) editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined);
    else
      editor.dispatchCommand(
        type === "bullet" ? INSERT_UNORDERED_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND,
        undefined,
      );
  };

  const openPanel = (which: "link" | "footnote") => {
    savedSelection.current = editor.getEditorState().read(() => $getSelection()?.clone() ?? null);
    setPanelError(null);
    if (which === "link") setLinkInput(state.link ?? "");
    else setNoteInput("");
    setPanel(which);
  };
  const closePanel = () => {
    setPanel(null);
    setPanelError(null);
    editor.update(() => {
      if (savedSelection.current) $setSelection(savedSelection.current.clone());
    });
    editor.focus();
  };

  const applyLink = () => {
    const url = normaliseLinkInput(linkInput);
    if (!isSafeLinkUrl(url)) {
      setPanelError(t("editor.linkInvalid"));
      return;
    }
    setPanel(null);
    updateAtSelection(editor, savedSelection.current, () => $toggleLink(url));
  };
  const removeLink = () => updateAtSelection(editor, null, () => $toggleLink(null));

  const addFootnote = () => {
    const note = noteInput.trim();
    if (!note) {
      setPanelError(t("editor.footnoteEmpty"));
      return;
    }
    setPanel(null);
    updateAtSelection(editor, savedSelection.current, () => {
      const node = $createFootnoteNode(note);
      const selection = $getSelection();
      if ($isRangeSelection(selection)) {
        if (!selection.isCollapsed()) {
          // A footnote goes after the selected words, it does not replace them.
          const end = selection.isBackward() ? selection.anchor : selection.focus;
          const [key, offset, type] = [end.key, end.offset, end.type];
          selection.anchor.set(key, offset, type);
          selection.focus.set(key, offset, type);
        }
        selection.insertNodes([node]);
        return;
      }
      // No caret (the editor was never focused): put the note at the end of the text.
      const root = $getRoot();
      const lastChild = root.getLastChild();
      const last = $isParagraphNode(lastChild) ? lastChild : $createParagraphNode();
      if (last !== lastChild) root.append(last);
      last.append(node);
      node.selectNext();
    });
  };

  // Enter must not submit the surrounding letter form; Escape closes the panel.
  const panelKeys = (submit: () => void) => (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      closePanel();
    } else if (e.key === "Enter" && !(e.shiftKey && e.currentTarget.tagName === "TEXTAREA")) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <>
      <div className="letter-editor__toolbar" role="toolbar" aria-label={t("editor.toolbar")}>
        <ToolButton
          label={t("editor.undo")}
          disabled={!canUndo}
          onClick={() => editor.dispatchCommand(UNDO_COMMAND, undefined)}
          shortcut={`${mod}+Z`}
        >
          ↶
        </ToolButton>
        <ToolButton
          label={t("editor.redo")}
          disabled={!canRedo}
          onClick={() => editor.dispatchCommand(REDO_COMMAND, undefined)}
          shortcut={`${mod}+Shift+Z`}
        >
          ↷
        </ToolButton>
        <span className="letter-editor__sep" aria-hidden="true" />
        <ToolButton label={t("editor.heading")} pressed={state.block === "h2"} onClick={() => setBlock("h2")}>
          H2
        </ToolButton>
        <ToolButton label={t("editor.subheading")} pressed={state.block === "h3"} onClick={() => setBlock("h3")}>
          H3
        </ToolButton>
        <ToolButton label={t("editor.quote")} pressed={state.block === "quote"} onClick={() => setBlock("quote")}>
          ❝
        </ToolButton>
        <span className="letter-editor__sep" aria-hidden="true" />
        <ToolButton
          label={t("editor.bold")}
          pressed={state.bold}
          onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, "bold")}
          shortcut={`${mod}+B`}
        >
          <strong>B</strong>
        </ToolButton>
        <ToolButton
          label={t("editor.italic")}
          pressed={state.italic}
          onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, "italic")}
          shortcut={`${mod}+I`}
        >
          <em>I</em>
        </ToolButton>
        <ToolButton
          label={t("editor.underline")}
          pressed={state.underline}
          onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, "underline")}
          shortcut={`${mod}+U`}
        >
          <span style={{ textDecoration: "underline" }}>U</span>
        </ToolButton>
        <span className="letter-editor__sep" aria-hidden="true" />
        <ToolButton
          label={t("editor.bulletList")}
          pressed={state.block === "bullet"}
          onClick={() => toggleList("bullet")}
        >
          •≡
        </ToolButton>
        <ToolButton
          label={t("editor.numberedList")}
          pressed={state.block === "number"}
          onClick={() => toggleList("number")}
        >
          1≡
        </ToolButton>
        <span className="letter-editor__sep" aria-hidden="true" />
        <ToolButton
          label={t("editor.link")}
          pressed={state.link !== null || panel === "link"}
          onClick={() => (panel === "link" ? closePanel() : openPanel("link"))}
        >
          🔗
        </ToolButton>
        {state.link !== null ? (
          <ToolButton label={t("editor.removeLink")} onClick={removeLink}>
            ⛓̸
          </ToolButton>
        ) : null}
        <ToolButton
          label={t("editor.footnote")}
          pressed={panel === "footnote"}
          onClick={() => (panel === "footnote" ? closePanel() : openPanel("footnote"))}
        >
          ¹
        </ToolButton>
      </div>

      {panel === "link" ? (
        <div className="letter-editor__panel" role="group" aria-label={t("editor.link")}>
          <label htmlFor={panelInputId}>
            {t("editor.linkUrl")}
            <input
              id={panelInputId}
              type="text"
              inputMode="url"
              autoFocus
              value={linkInput}
              aria-invalid={panelError ? true : undefined}
              aria-describedby={panelError ? panelErrorId : undefined}
              onChange={(e) => setLinkInput(e.currentTarget.value)}
              onKeyDown={panelKeys(applyLink)}
            />
          </label>
          <button type="button" onClick={applyLink}>
            {t("editor.linkApply")}
          </button>
          <button type="button" onClick={closePanel}>
            {t("editor.cancel")}
          </button>
          {panelError ? (
            <p id={panelErrorId} className="letter-editor__error" role="alert">
              {panelError}
            </p>
          ) : null}
        </div>
      ) : null}

      {panel === "footnote" ? (
        <div className="letter-editor__panel" role="group" aria-label={t("editor.footnote")}>
          <label htmlFor={panelInputId}>
            {t("editor.footnoteText")}
            <textarea
              id={panelInputId}
              rows={2}
              autoFocus
              value={noteInput}
              aria-invalid={panelError ? true : undefined}
              aria-describedby={panelError ? panelErrorId : undefined}
              onChange={(e) => setNoteInput(e.currentTarget.value)}
              onKeyDown={panelKeys(addFootnote)}
            />
          </label>
          <button type="button" onClick={addFootnote}>
            {t("editor.footnoteAdd")}
          </button>
          <button type="button" onClick={closePanel}>
            {t("editor.cancel")}
          </button>
          {panelError ? (
            <p id={panelErrorId} className="letter-editor__error" role="alert">
              {panelError}
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
