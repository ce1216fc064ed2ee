import { randomUUID } from 'node:crypto';

/** Builders of the activities Teams posts to /api/messages. */

export interface TestAgent {
  id: string;
  name: string;
  conversationId: string;
  locale?: string;
}

let agentCounter = 0;

/** An agent with a fresh Entra object id and personal conversation. */
export function buildAgent(overrides: Partial<TestAgent> = {}): TestAgent {
  agentCounter += 1;
  const id =
    overrides.id ??
    `00000000-0000-4000-8000-${String(agentCounter).padStart(12, '0')}${randomUUID().slice(0, 4)}`;
  return { id, name: `Agent ${agentCounter}`, conversationId: `a:personal-${id}`, ...overrides };
}

const TENANT = 'tenant-test';
const BOT = { id: '28:bot-id', name: 'Défi numérique' };

function base(agent: TestAgent, serviceUrl: string) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: agent.locale ?? 'fr-FR',
    from: { id: `29:${agent.id}`, name: agent.name, aadObjectId: agent.id },
    recipient: BOT,
    conversation: { id: agent.conversationId, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
  };
}

export function messageActivity(agent: TestAgent, serviceUrl: string, text: string) {
  return { ...base(agent, serviceUrl), type: 'message', text };
}

/** What Action.Submit sends: a message whose value holds the card's inputs and data. */
export function submitActivity(
  agent: TestAgent,
  serviceUrl: string,
  value: Record<string, unknown>,
  replyToId?: string,
) {
  return {
    ...base(agent, serviceUrl),
    type: 'message',
    value,
    ...(replyToId ? { replyToId } : {}),
  };
}

/** The app installed in the agent's personal scope. */
export function installActivity(
  agent: TestAgent,
  serviceUrl: string,
  action: 'add' | 'remove' = 'add',
) {
  return { ...base(agent, serviceUrl), type: 'installationUpdate', action };
}

export function botAddedActivity(agent: TestAgent, serviceUrl: string) {
  return { ...base(agent, serviceUrl), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] };
}

/** Action.Execute: an adaptiveCard/action invoke. */
export function executeActivity(
  agent: TestAgent,
  serviceUrl: string,
  verb: string,
  data: Record<string, unknown>,
  replyToId?: string,
) {
  return {
    ...base(agent, serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    ...(replyToId ? { replyToId } : {}),
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/**
 * What the bot stores for an agent who installed the app in personal scope, reachable at `serviceUrl` (a
 * connector stand-in): for seeding many agents straight into the store, without a welcome each.
 */
export function reachableRegistration(
  id: string,
  serviceUrl: string,
  overrides: { name?: string; locale?: 'fr' | 'en' } = {},
) {
  return {
    id,
    tenantId: 't',
    name: overrides.name ?? id,
    locale: overrides.locale ?? ('fr' as const),
    conversationReference: JSON.stringify({
      serviceUrl,
      channelId: 'msteams',
      conversation: { id: `conv-${id}`, conversationType: 'personal' },
      bot: { id: 'bot' },
      user: { id },
    }),
  };
}
