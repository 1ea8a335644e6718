// The alert rules form: rules field by field (conditions, destinations), saved through the admin API with each error beside its field; JSON as the alternative.
import type { Issue } from '@tellus/schema';
import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Rule } from '../alerts/rules.js';
import type { QuestionResult } from '../results/types.js';
import { getRules, InvalidInput, putRules } from './alerts-api.js';
import {
  controlFor,
  controlId,
  emptyCondition,
  emptyDestination,
  emptyRule,
  fieldsOf,
  fromRows,
  OPERATOR_LABELS,
  OPERATORS,
  toRows,
  type ConditionRow,
  type DestinationRow,
  type DestinationType,
  type Field,
  type RuleRow,
} from './rules-model.js';

/** Where focus goes after a refused save: the first control the server named. */
const FIRST_INVALID = '(first invalid)';
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const DESTINATION_LABELS: Record<DestinationType, string> = { webhook: 'Webhook', slack: 'Slack', teams: 'Microsoft Teams', email: 'E-mail' };

/** Issues by the control they name; the rest (about the whole list) separately. */
function placeIssues(issues: Issue[]): { byControl: Map<string, string[]>; general: Issue[] } {
  const byControl = new Map<string, string[]>();
  const general: Issue[] = [];
  for (const i of issues) {
    const id = controlFor(i.path);
    if (id === null) general.push(i);
    else byControl.set(id, [...(byControl.get(id) ?? []), i.message]);
  }
  return { byControl, general };
}

type Errors = Map<string, string[]>;

/** aria-invalid and aria-describedby for a control with errors, and the errors themselves, placed after it. */
function errorProps(errors: Errors, id: string) {
  const list = errors.get(id);
  return list ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
}
function FieldError({ errors, id }: { errors: Errors; id: string }) {
  const list = errors.get(id);
  return list ? (
    <span class="field-error" id={`${id}-error`}>
      {list.join('; ')}
    </span>
  ) : null;
}

function ConditionEditor({
  rule,
  ruleName,
  index,
  row,
  fields,
  errors,
  onChange,
  onRemove,
}: {
  rule: number;
  ruleName: string;
  index: number;
  row: ConditionRow;
  fields: Field[];
  errors: Errors;
  onChange(row: ConditionRow): void;
  onRemove(): void;
}) {
  const field = fields.find((f) => f.key === row.field);
  const ops = field ? OPERATORS[field.kind] : [];
  const id = (part: string) => controlId(rule, `c${index}-${part}`);
  const valueId = id('value');
  const setField = (key: string) => {
    const next = fields.find((f) => f.key === key);
    const allowed = next ? OPERATORS[next.kind] : [];
    // Each kind of field starts on its most used operator: "at most" for scores, "is" for attributes.
    onChange({ ...emptyCondition(), field: key, op: allowed[0] ?? 'eq' });
  };
  let value: JSX.Element | null = null;
  if (!field) value = null;
  else if (row.op === 'exists')
    value = (
      <select
        id={valueId}
        value={String(row.exists)}
        onChange={(e) => onChange({ ...row, exists: e.currentTarget.value === 'true' })}
        {...errorProps(errors, valueId)}
      >
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  else if (field.options && (row.op === 'in' || row.op === 'notIn'))
    value = (
      <select
        id={valueId}
        multiple
        size={Math.min(4, field.options.length)}
        onChange={(e) => onChange({ ...row, values: [...e.currentTarget.selectedOptions].map((o) => o.value) })}
        {...errorProps(errors, valueId)}
      >
        {field.options.map((o) => (
          <option value={o.value} key={o.value} selected={row.values.includes(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    );
  else if (field.options)
    value = (
      <select id={valueId} value={row.value} onChange={(e) => onChange({ ...row, value: e.currentTarget.value })} {...errorProps(errors, valueId)}>
        <option value="">Choose…</option>
        {field.options.map((o) => (
          <option value={o.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  else
    value = (
      <input
        id={valueId}
        value={row.value}
        // A number input would drop what it cannot parse; text with a numeric keyboard keeps it for the server to name.
        inputMode={field.kind === 'number' && row.op !== 'in' && row.op !== 'notIn' ? 'decimal' : undefined}
        placeholder={row.op === 'in' || row.op === 'notIn' ? 'comma-separated' : field.kind === 'number' ? `${field.min ?? ''}–${field.max ?? ''}` : undefined}
        onInput={(e) => onChange({ ...row, value: e.currentTarget.value })}
        {...errorProps(errors, valueId)}
      />
    );
  return (
    <li class="condition">
      <div class="control">
        <label for={id('field')}>Field</label>
        <select id={id('field')} value={row.field} onChange={(e) => setField(e.currentTarget.value)} {...errorProps(errors, id('field'))}>
          <option value="">Choose a field…</option>
          <optgroup label="Questions">
            {fields
              .filter((f) => f.key.startsWith('question:'))
              .map((f) => (
                <option value={f.key} key={f.key}>
                  {f.label}
                </option>
              ))}
          </optgroup>
          <optgroup label="Attributes">
            {fields
              .filter((f) => f.key.startsWith('attribute:'))
              .map((f) => (
                <option value={f.key} key={f.key}>
                  {f.label}
                </option>
              ))}
          </optgroup>
        </select>
        <FieldError errors={errors} id={id('field')} />
      </div>
      <div class="control">
        <label for={id('op')}>Operator</label>
        <select id={id('op')} value={row.op} disabled={!field} onChange={(e) => onChange({ ...row, op: e.currentTarget.value as ConditionRow['op'] })}>
          {ops.map((op) => (
            <option value={op} key={op}>
              {OPERATOR_LABELS[op]}
            </option>
          ))}
        </select>
      </div>
      {value && (
        <div class="control">
          <label for={valueId}>Value</label>
          {value}
          <FieldError errors={errors} id={valueId} />
        </div>
      )}
      <button type="button" class="secondary" aria-label={`Remove condition ${index + 1} of ${ruleName}`} onClick={onRemove}>
        Remove
      </button>
    </li>
  );
}

function DestinationEditor({
  rule,
  ruleName,
  index,
  row,
  errors,
  onChange,
  onRemove,
}: {
  rule: number;
  ruleName: string;
  index: number;
  row: DestinationRow;
  errors: Errors;
  onChange(row: DestinationRow): void;
  onRemove(): void;
}) {
  const id = (part: string) => controlId(rule, `d${index}-${part}`);
  const input = (
    part: 'url' | 'to' | 'secret' | 'title' | 'text',
    label: string,
    props: { type?: 'text' | 'url' | 'password'; autoComplete?: string; spellcheck?: boolean } = {},
  ) => (
    <div class={part === 'url' || part === 'to' ? 'control wide' : 'control'}>
      <label for={id(part)}>{label}</label>
      <input
        id={id(part)}
        value={row[part]}
        onInput={(e) => onChange({ ...row, [part]: e.currentTarget.value })}
        // Preact types each input type separately; these three attributes fit every one used here.
        {...(props as object)}
        {...errorProps(errors, id(part))}
      />
      <FieldError errors={errors} id={id(part)} />
    </div>
  );
  const templateErrors = errors.has(id('title')) || errors.has(id('text'));
  return (
    <li class="destination">
      <div class="destination-main">
        <div class="control">
          <label for={id('type')}>Type</label>
          <select
            id={id('type')}
            value={row.type}
            onChange={(e) => onChange({ ...row, type: e.currentTarget.value as DestinationType })}
            {...errorProps(errors, id('type'))}
          >
            {(Object.keys(DESTINATION_LABELS) as DestinationType[]).map((t) => (
              <option value={t} key={t}>
                {DESTINATION_LABELS[t]}
              </option>
            ))}
          </select>
          <FieldError errors={errors} id={id('type')} />
        </div>
        {row.type === 'email'
          ? input('to', 'Recipients (comma-separated)', { type: 'text', autoComplete: 'off', spellcheck: false })
          : input('url', row.type === 'webhook' ? 'Webhook URL' : `${DESTINATION_LABELS[row.type]} webhook URL`, { type: 'url', spellcheck: false })}
        {row.type === 'webhook' &&
          input('secret', row.secretSet ? 'New signing secret (empty keeps the current one)' : 'Signing secret (optional, 16+ characters)', {
            type: 'password',
            autoComplete: 'new-password',
          })}
        <button type="button" class="secondary" aria-label={`Remove destination ${index + 1} of ${ruleName}`} onClick={onRemove}>
          Remove
        </button>
      </div>
      <details class="template" open={templateErrors || !!(row.title || row.text)}>
        <summary>Message template (optional)</summary>
        <p class="muted">
          Placeholders: <code>{'{{survey}}'}</code> <code>{'{{score}}'}</code> <code>{'{{location}}'}</code> <code>{'{{agent}}'}</code>{' '}
          <code>{'{{link}}'}</code>
        </p>
        {input('title', 'Title')}
        {input('text', 'Text')}
      </details>
    </li>
  );
}

/**
 * A rule's list of rows (its conditions, its destinations) with the button that adds one: focus goes to the new row's
 * first field, and to the button when a row is removed.
 */
function RowsEditor<T>({
  legend,
  empty,
  listClass,
  rows,
  addId,
  addLabel,
  errors,
  blank,
  firstField,
  focus,
  onRows,
  row,
}: {
  legend: string;
  /** Said when there are no rows. */
  empty?: string;
  listClass: string;
  rows: readonly T[];
  addId: string;
  addLabel: string;
  errors: Errors;
  blank(): T;
  firstField(index: number): string;
  focus(id: string): void;
  onRows(rows: T[]): void;
  row(row: T, index: number, change: (row: T) => void, remove: () => void): JSX.Element;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {empty && rows.length === 0 && <p class="muted">{empty}</p>}
      <ol class={listClass}>
        {rows.map((r, j) =>
          row(
            r,
            j,
            (changed) => onRows(rows.map((x, k) => (k === j ? changed : x))),
            () => {
              onRows(rows.filter((_, k) => k !== j));
              focus(addId);
            },
          ),
        )}
      </ol>
      <button
        type="button"
        class="secondary"
        id={addId}
        {...errorProps(errors, addId)}
        onClick={() => {
          onRows([...rows, blank()]);
          focus(firstField(rows.length));
        }}
      >
        {addLabel}
      </button>
      <FieldError errors={errors} id={addId} />
    </fieldset>
  );
}

function RuleEditor({
  rule,
  index,
  count,
  fields,
  errors,
  onChange,
  onRemove,
  onMove,
  focus,
}: {
  rule: RuleRow;
  index: number;
  count: number;
  fields: Field[];
  errors: Errors;
  onChange(rule: RuleRow): void;
  onRemove(): void;
  onMove(by: -1 | 1): void;
  focus(id: string): void;
}) {
  const id = (part: string) => controlId(index, part);
  const name = rule.name || rule.id || `rule ${index + 1}`;
  const text = (part: 'id' | 'name', label: string) => (
    <div class="control">
      <label for={id(part)}>{label}</label>
      <input
        id={id(part)}
        value={rule[part]}
        spellcheck={false}
        onInput={(e) => onChange({ ...rule, [part]: e.currentTarget.value })}
        {...errorProps(errors, id(part))}
      />
      <FieldError errors={errors} id={id(part)} />
    </div>
  );
  const check = (part: 'enabled' | 'includePersonalData', label: string) => (
    <label class="check">
      <input id={id(part)} type="checkbox" checked={rule[part]} onChange={(e) => onChange({ ...rule, [part]: e.currentTarget.checked })} />
      {label}
    </label>
  );
  return (
    <fieldset class="rule">
      <legend>
        Rule {index + 1}: {name}
      </legend>
      <div class="rule-head">
        {text('id', 'Id')}
        {text('name', 'Name (optional)')}
        {check('enabled', 'Enabled')}
        {check('includePersonalData', 'Include personal data (contact answers)')}
      </div>
      <RowsEditor
        legend="When all of these hold"
        empty="No conditions: every completed response matches."
        listClass="conditions"
        rows={rule.when}
        addId={id('add-condition')}
        addLabel="Add condition"
        errors={errors}
        blank={emptyCondition}
        firstField={(j) => id(`c${j}-field`)}
        focus={focus}
        onRows={(when) => onChange({ ...rule, when })}
        row={(c, j, change, remove) => (
          <ConditionEditor
            key={`${rule.key}-c${j}`}
            rule={index}
            ruleName={name}
            index={j}
            row={c}
            fields={fields}
            errors={errors}
            onChange={change}
            onRemove={remove}
          />
        )}
      />
      <RowsEditor
        legend="Send to"
        listClass="destinations"
        rows={rule.destinations}
        addId={id('add-destination')}
        addLabel="Add destination"
        errors={errors}
        blank={emptyDestination}
        firstField={(k) => id(`d${k}-type`)}
        focus={focus}
        onRows={(destinations) => onChange({ ...rule, destinations })}
        row={(d, k, change, remove) => (
          <DestinationEditor key={`${rule.key}-d${k}`} rule={index} ruleName={name} index={k} row={d} errors={errors} onChange={change} onRemove={remove} />
        )}
      />
      <div class="rule-actions">
        <button type="button" class="secondary" id={id('up')} disabled={index === 0} aria-label={`Move up: ${name}`} onClick={() => onMove(-1)}>
          Move up
        </button>
        <button type="button" class="secondary" id={id('down')} disabled={index === count - 1} aria-label={`Move down: ${name}`} onClick={() => onMove(1)}>
          Move down
        </button>
        <button type="button" class="secondary" aria-label={`Remove rule: ${name}`} onClick={onRemove}>
          Remove rule
        </button>
      </div>
    </fieldset>
  );
}

export function RulesForm({ surveyId, questions, attributes }: { surveyId: string; questions: readonly QuestionResult[]; attributes: readonly string[] }) {
  const [rows, setRows] = useState<RuleRow[] | null>(null);
  const [saved, setSaved] = useState<unknown[]>([]);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [json, setJson] = useState<string | null>(null);
  const pendingFocus = useRef<string | null>(null);
  const [, rerender] = useState(0);
  useEffect(() => {
    getRules(surveyId).then(
      (r) => {
        setSaved(r.rules);
        setRows(toRows(r.rules));
      },
      (e: unknown) => setStatus(message(e)),
    );
  }, [surveyId]);
  // Focus moves right after the commit that made its target (a new row, the first field in error). A layout effect:
  // Preact runs a render's pending effects at the start of the next render, before its DOM exists, so a plain effect
  // left over from a keystroke's render could take the request and find nothing to focus.
  useLayoutEffect(() => {
    const id = pendingFocus.current;
    if (!id) return;
    pendingFocus.current = null;
    (id === FIRST_INVALID ? document.querySelector<HTMLElement>('#rules-form [aria-invalid="true"]') : document.getElementById(id))?.focus();
  });
  const focus = (id: string) => {
    pendingFocus.current = id;
    rerender((n) => n + 1);
  };
  if (!rows)
    return (
      <section class="panel" aria-labelledby="rules-h">
        <h3 id="rules-h">Alert rules</h3>
        <p role="status">{status ?? 'Loading rules…'}</p>
      </section>
    );

  const fields = fieldsOf(questions, attributes, saved as Rule[]);
  const { byControl, general } = placeIssues(issues);
  const save = async () => {
    let body: unknown;
    if (json !== null) {
      try {
        body = JSON.parse(json);
      } catch (e) {
        setIssues([{ path: '', message: `not valid JSON: ${message(e)}` }]);
        return;
      }
    } else body = fromRows(rows, fields);
    try {
      const result = await putRules(surveyId, body);
      setIssues([]);
      setSaved(result.rules);
      setRows(toRows(result.rules));
      if (json !== null) setJson(JSON.stringify(fromRows(toRows(result.rules), fields), null, 2));
      setStatus(`Saved ${result.rules.length} rule${result.rules.length === 1 ? '' : 's'}.`);
    } catch (e) {
      if (!(e instanceof InvalidInput)) return setStatus(message(e));
      setIssues(e.issues);
      setStatus(`Not saved: ${e.issues.length} problem${e.issues.length === 1 ? '' : 's'}.`);
      // To the first field in error, in the order of the form.
      if (json === null && e.issues.some((i) => controlFor(i.path) !== null)) focus(FIRST_INVALID);
    }
  };
  const setRule = (i: number, rule: RuleRow) => {
    // A row added or removed moves the paths the issues name: they would point at the wrong rows.
    if (rule.when.length !== rows[i]!.when.length || rule.destinations.length !== rows[i]!.destinations.length) setIssues([]);
    setRows(rows.map((r, k) => (k === i ? rule : r)));
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...rows];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setRows(next);
    setIssues([]);
    const target = i + by === 0 ? 'down' : i + by === rows.length - 1 ? 'up' : by < 0 ? 'up' : 'down';
    focus(controlId(i + by, target));
  };
  return (
    <section class="panel" aria-labelledby="rules-h">
      <h3 id="rules-h">Alert rules</h3>
      <p class="muted">
        Each rule sends a completed response that meets all its conditions to its destinations, through the outbox. Webhook secrets are never shown; an empty
        secret keeps the current one.
      </p>
      <form
        id="rules-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {json === null ? (
          <>
            {rows.length === 0 && <p class="muted">No rules yet.</p>}
            {rows.map((r, i) => (
              <RuleEditor
                key={r.key}
                rule={r}
                index={i}
                count={rows.length}
                fields={fields}
                errors={byControl}
                onChange={(rule) => setRule(i, rule)}
                onRemove={() => {
                  setRows(rows.filter((_, k) => k !== i));
                  setIssues([]);
                  focus('rules-add');
                }}
                onMove={(by) => move(i, by)}
                focus={focus}
              />
            ))}
            <p>
              <button
                type="button"
                class="secondary"
                id="rules-add"
                onClick={() => {
                  setRows([...rows, emptyRule()]);
                  focus(controlId(rows.length, 'id'));
                }}
              >
                Add rule
              </button>{' '}
              <button type="button" class="link" onClick={() => setJson(JSON.stringify(fromRows(rows, fields), null, 2))}>
                Edit as JSON
              </button>
            </p>
          </>
        ) : (
          <>
            <label for="rules-json">Rules as JSON</label>
            <textarea
              id="rules-json"
              class="rules"
              spellcheck={false}
              value={json}
              onInput={(e) => setJson(e.currentTarget.value)}
              aria-describedby="rules-issues"
            />
            <p>
              <button
                type="button"
                class="link"
                onClick={() => {
                  try {
                    const parsed: unknown = JSON.parse(json);
                    if (!Array.isArray(parsed)) throw new Error('the rules are a list');
                    setRows(toRows(parsed));
                    setJson(null);
                    setIssues([]);
                  } catch (e) {
                    setIssues([{ path: '', message: `not valid JSON: ${message(e)}` }]);
                  }
                }}
              >
                Back to the form
              </button>
            </p>
          </>
        )}
        <ul class="issues" id="rules-issues" aria-live="polite">
          {(json === null ? general : issues).map((i) => (
            <li key={`${i.path}:${i.message}`}>
              <code>{i.path || '(root)'}</code> {i.message}
            </li>
          ))}
        </ul>
        <button type="submit">Save rules</button> <span role="status">{status}</span>
      </form>
    </section>
  );
}
