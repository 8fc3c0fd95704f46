import { describe, expect, test } from 'bun:test';
import { leadAgentsOf } from '../../../src/leads/lead-events.service.ts';

/** Which agents a `lead.changed` names (ADR 0045): only those who may read the lead. */
describe('leadAgentsOf', () => {
  const agents = [
    { id: 'holder', crmEnabled: false },
    { id: 'owner', crmEnabled: true },
    { id: 'before', crmEnabled: true },
    { id: 'noCrm', crmEnabled: false },
  ];

  test('the chat’s holder (even without CRM Leads: the lead sits in their pane), the owner and the previous owner', () => {
    expect(leadAgentsOf({ ownerId: 'owner', chatHolderId: 'holder' }, 'before', agents).sort()).toEqual([
      'before',
      'holder',
      'owner',
    ]);
  });

  test('an owner without CRM Leads who does not hold the chat is left out', () => {
    expect(leadAgentsOf({ ownerId: 'noCrm', chatHolderId: null }, null, agents)).toEqual([]);
  });

  test('someone who is not an active agent (absent from the grants) is never named', () => {
    expect(leadAgentsOf({ ownerId: 'admin', chatHolderId: 'gone' }, null, agents)).toEqual([]);
  });

  test('an owner holding the chat is named once', () => {
    expect(leadAgentsOf({ ownerId: 'owner', chatHolderId: 'owner' }, 'owner', agents)).toEqual(['owner']);
  });

  test('an unassigned lead (or one this change took from unassigned): every agent with CRM Leads, and the holder', () => {
    expect(leadAgentsOf({ ownerId: null, chatHolderId: 'holder' }, null, agents, true).sort()).toEqual([
      'before',
      'holder',
      'owner',
    ]);
  });
});
