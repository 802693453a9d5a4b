/** The hidden key of a creating form: sent twice, the form still creates one thing (app/web/form-key.server.ts). */
export function FormKey({ value }: { value: string }) {
  return <input type="hidden" name="formKey" value={value} />;
}
