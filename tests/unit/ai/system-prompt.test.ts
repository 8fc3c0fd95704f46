import { describe, expect, test } from 'bun:test';
import { DEFAULT_SYSTEM_PROMPT_TEMPLATE } from '../../../src/ai/ai.ts';
import {
  formatPromptDateTime,
  type PromptContext,
  renderSystemPrompt,
  unknownPlaceholders,
} from '../../../src/ai/system-prompt.ts';

const context: PromptContext = {
  projectName: 'Acme Chairs',
  projectInstructions: 'We sell chairs. Delivery in Spain and Portugal only.',
  now: new Date('2026-11-23T10:00:00Z'),
  timeZone: 'Europe/Berlin',
  escalationPolicy: 'Hand over when the visitor wants a quote.',
};

describe('renderSystemPrompt', () => {
  test('fills every known placeholder, with or without spaces inside the braces', () => {
    const template =
      'Agent of {{project_name}}. {{ project_instructions }} Now: {{current_datetime}}. Date: {{current_date}} in {{time_zone}}. Policy: {{escalation_policy}}';
    expect(renderSystemPrompt(template, context)).toBe(
      'Agent of Acme Chairs. We sell chairs. Delivery in Spain and Portugal only. ' +
        'Now: Monday 2026-11-23 11:00 (Europe/Berlin, GMT+1). Date: Monday 2026-11-23 in Europe/Berlin. ' +
        'Policy: Hand over when the visitor wants a quote.',
    );
  });

  test('the date and time are in the given zone, summer time included', () => {
    expect(formatPromptDateTime(new Date('2026-07-01T22:30:00Z'), 'Europe/Berlin').dateTime).toBe(
      'Thursday 2026-07-02 00:30 (Europe/Berlin, GMT+2)',
    );
    expect(formatPromptDateTime(new Date('2026-07-01T22:30:00Z'), 'America/Los_Angeles').dateTime).toBe(
      'Wednesday 2026-07-01 15:30 (America/Los_Angeles, GMT-7)',
    );
  });

  test('an unknown zone falls back to UTC instead of failing the reply', () => {
    // ICU builds differ in writing UTC's offset as GMT or GMT+0.
    expect(formatPromptDateTime(new Date('2026-11-23T10:00:00Z'), 'Nowhere/Else').dateTime).toMatch(
      /^Monday 2026-11-23 10:00 \(UTC, GMT(\+0)?\)$/,
    );
  });

  test('unknown placeholders stay visible, so a typo shows in the preview', () => {
    expect(renderSystemPrompt('Hi {{projct_name}} and {{project_name}}', context)).toBe(
      'Hi {{projct_name}} and Acme Chairs',
    );
    expect(
      unknownPlaceholders('{{projct_name}} {{ visitor_name }} {{project_name}} {{projct_name}}'),
    ).toEqual(['projct_name', 'visitor_name']);
  });

  test('a value containing braces is inserted as written, never expanded (one pass)', () => {
    const sneaky = { ...context, projectInstructions: 'Say {{escalation_policy}} and {{current_datetime}}' };
    expect(renderSystemPrompt('{{project_instructions}}', sneaky)).toBe(
      'Say {{escalation_policy}} and {{current_datetime}}',
    );
  });

  test('empty instructions and policy say so instead of leaving a blank the model may fill', () => {
    const bare = { ...context, projectInstructions: '  ', escalationPolicy: '' };
    expect(renderSystemPrompt('[{{project_instructions}}] [{{escalation_policy}}]', bare)).toBe(
      '[(No further instructions.)] [(No escalation policy given.)]',
    );
  });

  test('the default template uses only known placeholders and never mentions the contact data', () => {
    expect(unknownPlaceholders(DEFAULT_SYSTEM_PROMPT_TEMPLATE)).toEqual([]);
    const rendered = renderSystemPrompt(DEFAULT_SYSTEM_PROMPT_TEMPLATE, context);
    expect(rendered).not.toContain('{{');
    expect(rendered).toContain('Acme Chairs');
    expect(rendered).toContain('escalate_to_human');
  });
});
