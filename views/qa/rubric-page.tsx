import type { RubricProblem } from '../../src/qa/scorecard.ts';
import {
  MAX_CRITERIA,
  MAX_LABEL,
  MAX_WEIGHT,
  type Rubric,
  SUGGESTED_CRITERIA,
} from '../../src/qa/scorecard.ts';
import { FormNotice } from '../components/field.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

/** The QA rubric editor (QA-3, admin only): criteria with weights; each save is a new version. */
export interface RubricFormProps {
  rubric: Rubric | undefined;
  /** Rows as typed after a refused save. */
  rows?: Array<{ label: string; weight: string }> | undefined;
  problem?: RubricProblem | 'conflict' | undefined;
  saved?: boolean;
}

const problemText: Record<RubricProblem | 'conflict', string> = {
  no_criteria: 'Add at least one criterion.',
  too_many: `Keep it to ${MAX_CRITERIA} criteria.`,
  label_too_long: `Every criterion needs a name of up to ${MAX_LABEL} characters.`,
  duplicate_label: 'Two criteria have the same name.',
  bad_weight: `Weights are whole numbers from 1 to ${MAX_WEIGHT}.`,
  conflict: 'Someone saved the rubric at the same moment. Here is their version: check it and save again.',
};

function rowsOf(props: RubricFormProps) {
  const base =
    props.rows ??
    (props.rubric?.criteria ?? SUGGESTED_CRITERIA).map((c) => ({ label: c.label, weight: String(c.weight) }));
  const blanks = Math.max(0, Math.min(MAX_CRITERIA, base.length + 2) - base.length);
  return [...base, ...Array.from({ length: blanks }, () => ({ label: '', weight: '' }))];
}

export function RubricForm(props: RubricFormProps) {
  return (
    <form
      id="qa-rubric-form"
      class="card form"
      method="post"
      action="/admin/qa-rubric"
      hx-post="/admin/qa-rubric"
      hx-swap="outerHTML"
    >
      {props.saved ? (
        <FormNotice kind="success">
          Saved as version {props.rubric?.version}. Earlier scores keep their version.
        </FormNotice>
      ) : null}
      {props.problem ? <FormNotice kind="error">{problemText[props.problem]}</FormNotice> : null}
      <p class="muted">
        {props.rubric ? `Current version: ${props.rubric.version}.` : 'No rubric yet: these are suggestions.'}{' '}
        Reviewers mark each criterion from 1 to 5; the score is the mean weighted by these weights. Leave a
        row empty to drop it.
      </p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col">Weight</th>
          </tr>
        </thead>
        <tbody>
          {rowsOf(props).map((row, index) => (
            <tr>
              <td>
                <label class="visually-hidden" for={`qa-criterion-${index + 1}`}>
                  Criterion {index + 1}
                </label>
                <input
                  id={`qa-criterion-${index + 1}`}
                  name={`label_${index + 1}`}
                  value={row.label}
                  maxlength={MAX_LABEL}
                />
              </td>
              <td>
                <label class="visually-hidden" for={`qa-weight-${index + 1}`}>
                  Weight of criterion {index + 1}
                </label>
                <input
                  id={`qa-weight-${index + 1}`}
                  name={`weight_${index + 1}`}
                  type="number"
                  min={1}
                  max={MAX_WEIGHT}
                  value={row.weight}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          Save as a new version
        </button>
      </div>
    </form>
  );
}

export function RubricPage(props: RubricFormProps & { user: ShellUser }) {
  return (
    <AppShell title="QA rubric" user={props.user} currentPath="/admin/qa-rubric">
      <div class="page-header">
        <div>
          <h1>QA rubric</h1>
          <p class="muted">What quality reviewers score every chat on.</p>
        </div>
      </div>
      <RubricForm {...props} />
    </AppShell>
  );
}
