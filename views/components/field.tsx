import type { Child } from 'hono/jsx';

/** Labelled form controls with an inline error tied to the control (aria-describedby). */
interface BaseProps {
  id: string;
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string;
}

const describedBy = (id: string, error?: string, hint?: string) =>
  [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;

function FieldMessages({ id, error, hint }: { id: string; error?: string | undefined; hint?: string }) {
  return (
    <>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

export interface TextFieldProps extends BaseProps {
  value?: string | number | undefined;
  type?: 'text' | 'email' | 'password' | 'number' | 'url' | 'color';
  required?: boolean;
  maxlength?: number;
  min?: number;
  max?: number;
  autocomplete?: string;
  placeholder?: string;
}

export function TextField(props: TextFieldProps) {
  const { id, name, label, error, hint, type = 'text', value, ...rest } = props;
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        value={value === undefined ? undefined : String(value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      />
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

export interface TextAreaProps extends BaseProps {
  value?: string | undefined;
  rows?: number;
  maxlength?: number;
  spellcheck?: boolean;
  mono?: boolean;
}

export function TextArea({ id, name, label, error, hint, value, rows = 4, mono, ...rest }: TextAreaProps) {
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        class={mono ? 'mono' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      >
        {value ?? ''}
      </textarea>
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

type Options = ReadonlyArray<{ value: string; label: string }>;

export interface SelectFieldProps extends BaseProps {
  value?: string | undefined;
  options: Options;
  /** Labelled groups of options shown before `options` (one <optgroup> each). */
  groups?: ReadonlyArray<{ label: string; options: Options }>;
}

export function SelectField({ id, name, label, error, hint, value, options, groups = [] }: SelectFieldProps) {
  const optionsOf = (list: Options) =>
    list.map((option) => (
      <option value={option.value} selected={option.value === value}>
        {option.label}
      </option>
    ));
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, error, hint)}
      >
        {groups.map((group) => (
          <optgroup label={group.label}>{optionsOf(group.options)}</optgroup>
        ))}
        {optionsOf(options)}
      </select>
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

export function Checkbox(props: BaseProps & { checked: boolean }) {
  const { id, name, label, error, hint, checked } = props;
  return (
    <div class={error ? 'field field-check field-invalid' : 'field field-check'}>
      <input
        id={id}
        name={name}
        type="checkbox"
        value="on"
        checked={checked}
        aria-describedby={describedBy(id, error, hint)}
      />
      <label for={id}>{label}</label>
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

/**
 * The From and To days of a range filter (YYYY-MM-DD), marked invalid together when the range is
 * refused (the reason is said once, beside the results).
 */
export function DayRangeFields(props: {
  idPrefix: string;
  from: string | undefined;
  to: string | undefined;
  invalid: boolean;
}) {
  const invalid = props.invalid ? 'true' : undefined;
  return (
    <>
      <div class="field">
        <label for={`${props.idPrefix}-from`}>From</label>
        <input
          id={`${props.idPrefix}-from`}
          name="from"
          type="date"
          value={props.from ?? ''}
          aria-invalid={invalid}
        />
      </div>
      <div class="field">
        <label for={`${props.idPrefix}-to`}>To</label>
        <input
          id={`${props.idPrefix}-to`}
          name="to"
          type="date"
          value={props.to ?? ''}
          aria-invalid={invalid}
        />
      </div>
    </>
  );
}

/** A status line for the result of a form: success, or an error that belongs to no single field. */
export function FormNotice({ kind, children }: { kind: 'success' | 'error'; children: Child }) {
  return (
    <p class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}
