/** Browser side of clean-content.ts: keeps pasted text inside what the server accepts. */
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { useEffect } from "react";
import { registerCleanContent } from "../clean-content";

export function CleanContentPlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(() => registerCleanContent(editor), [editor]);
  return null;
}
