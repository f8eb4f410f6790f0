/**
 * What a person may do to a case now, each a form drawn by the one form renderer: only the actions
 * the command-fit function and the permission table allow (chosen in routes/case-page.ts).
 */
import type { ComponentChildren } from 'preact';
import type { CaseAction } from '../actions';
import { pagePath } from '../actions';
import { casePath } from '../paths';
import { FormFields, summaryOf, type FieldErrors, type FieldValues, type RenderField } from './form-fields';
import { ErrorSummary, PostForm } from './forms';

export interface ActionForm {
  action: CaseAction;
  fields: RenderField[];
  values: FieldValues;
  errors: FieldErrors;
}

export interface UploadForm {
  values: FieldValues;
  errors: FieldErrors;
}

export const UPLOAD_FIELDS: RenderField[] = [
  { name: 'title', type: 'string', label: 'Title', help: 'What the document is, in a few words', required: false, max: 500 },
];

function ActionSection({ form, caseId, csrfToken }: { form: ActionForm; caseId: string; csrfToken: string }) {
  const { action, fields, values, errors } = form;
  const key = action.command;
  return (
    <section aria-labelledby={`action-${key}-title`} class="action">
      <h3 id={`action-${key}-title`}>{action.title}</h3>
      <PostForm action={pagePath(action.path, { id: caseId })} csrfToken={csrfToken} back={`${casePath(caseId)}?form=${key}`} label={action.title}>
        <ErrorSummary errors={summaryOf(fields, errors, key)} />
        <FormFields fields={fields} idPrefix={key} values={values} errors={errors} />
        <button type="submit" class="button">{action.button}</button>
      </PostForm>
    </section>
  );
}

/** `children` are further forms beyond the case's commands (reopening, links, holds), shown after them. */
export function CaseActions({ forms, caseId, csrfToken, children }: { forms: ActionForm[]; caseId: string; csrfToken: string; children?: ComponentChildren }) {
  const moves = forms.filter((f) => f.action.moves);
  const others = forms.filter((f) => !f.action.moves);
  return (
    <section aria-labelledby="actions-title" class="case-actions">
      <h2 id="actions-title">What you can do now</h2>
      {forms.length === 0 && !children && <p>Nothing: the case takes no action from you now.</p>}
      {moves.map((form) => (
        <ActionSection form={form} caseId={caseId} csrfToken={csrfToken} />
      ))}
      {others.length > 0 && (
        <div class="action-grid">
          {others.map((form) => (
            <ActionSection form={form} caseId={caseId} csrfToken={csrfToken} />
          ))}
        </div>
      )}
      {children}
    </section>
  );
}

/** The document upload: a file and its title, sent as multipart with the token in its address. */
export function UploadSection({ form, caseId, csrfToken }: { form: UploadForm; caseId: string; csrfToken: string }) {
  const fileError = form.errors.file ?? [];
  return (
    <form method="post" action={`${casePath(caseId)}/documents?_csrf=${encodeURIComponent(csrfToken)}`} enctype="multipart/form-data" novalidate aria-label="Add a document" class="upload">
      <ErrorSummary errors={summaryOf([{ name: 'file', type: 'string', label: 'File' }, ...UPLOAD_FIELDS], form.errors, 'upload')} />
      <div class={`field${fileError.length ? ' field-invalid' : ''}`}>
        <label for="field-upload-file">
          File<span class="required"> (required)</span>
        </label>
        {fileError.map((m, i) => (
          <p class="field-error" id={i === 0 ? 'field-upload-file-error' : `field-upload-file-error-${i}`}>
            <span class="visually-hidden">Error: </span>
            {m}
          </p>
        ))}
        <input type="file" id="field-upload-file" name="file" aria-invalid={fileError.length ? 'true' : undefined} aria-describedby={fileError.length ? 'field-upload-file-error' : undefined} />
      </div>
      <FormFields fields={UPLOAD_FIELDS} idPrefix="upload" values={form.values} errors={form.errors} />
      <button type="submit" class="button">Upload the document</button>
    </form>
  );
}
