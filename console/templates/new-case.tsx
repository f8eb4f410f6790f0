/** "New case": choose a case type, then fill in its intake form. */
import type { Viewer } from '../context';
import { FormFields, summaryOf, type FieldErrors, type FieldValues, type RenderField } from './form-fields';
import { ErrorSummary, PostForm } from './forms';
import { Page } from './layout';

export interface DefinitionChoice {
  key: string;
  name: string;
  description: string;
}

export function ChooseDefinitionPage({ viewer, csrfToken, definitions }: { viewer: Viewer; csrfToken: string; definitions: DefinitionChoice[] }) {
  return (
    <Page title="New case" viewer={viewer} csrfToken={csrfToken} current="new-case">
      {definitions.length === 0 ? (
        <p>No case types are published yet. A designer or an administrator publishes them.</p>
      ) : (
        <>
          <p>Choose the kind of case to open.</p>
          <ul class="choices-list">
            {definitions.map((d) => (
              <li>
                <a href={`/app/cases/new?definition=${encodeURIComponent(d.key)}`}>{d.name}</a>
                {d.description && <p class="hint">{d.description}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}

export interface IntakeFormProps {
  viewer: Viewer;
  csrfToken: string;
  definition: DefinitionChoice;
  /** Title, subject, team and assignment: the case's own fields. */
  caseFields: RenderField[];
  intakeFields: RenderField[];
  caseValues: FieldValues;
  intakeValues: FieldValues;
  caseErrors: FieldErrors;
  intakeErrors: FieldErrors;
  /** The form came back from an expired session: say so. */
  restored?: boolean;
}

export function IntakeFormPage(props: IntakeFormProps) {
  const { viewer, csrfToken, definition, caseFields, intakeFields, caseValues, intakeValues, caseErrors, intakeErrors, restored } = props;
  const summary = [...summaryOf(caseFields, caseErrors), ...summaryOf(intakeFields, intakeErrors, 'intake')];
  return (
    <Page title={`New case: ${definition.name}`} viewer={viewer} csrfToken={csrfToken} current="new-case">
      {restored && (
        <p class="notice notice-info" role="status">
          Your session had ended, so the case was not opened. What you typed is filled in below: check it and open the case.
        </p>
      )}
      <ErrorSummary errors={summary} />
      <PostForm action="/app/cases" csrfToken={csrfToken} back={`/app/cases/new?definition=${encodeURIComponent(definition.key)}`}>
        <input type="hidden" name="definition" value={definition.key} />
        <FormFields fields={caseFields} values={caseValues} errors={caseErrors} />
        <fieldset class="form-section">
          <legend>Intake</legend>
          {intakeFields.length === 0 ? <p>This kind of case asks nothing more at intake.</p> : <FormFields fields={intakeFields} values={intakeValues} errors={intakeErrors} prefix="intake" />}
        </fieldset>
        <button type="submit" class="button">
          Open case
        </button>
      </PostForm>
    </Page>
  );
}
