import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { makeResumable, resumeAfterVariable, resumeIdOf, stripResumeId } from './resumable-document.js';
import { SubscriptionPlanner } from './subscription-planner.js';

const events = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Event @key(fields: "id") { id: ID! value: Float! }
type Query { event(id: ID!): Event }
type Subscription { eventCreated(topic: String!, after: ID): Event! }`;

function planner(): SubscriptionPlanner {
  const composed = composeServices([{ name: 'events', url: 'http://events/graphql', typeDefs: parse(events) }]);
  if (composed.errors) throw composed.errors[0];
  return new SubscriptionPlanner(composed.supergraphSdl);
}

const resume = { idField: 'id', afterArgument: 'after' };

describe('resumable subscriptions', () => {
  it('select the event id under a private alias and take `after` from a gateway-owned variable', () => {
    const document = parse('subscription Feed($after: ID) { eventCreated(topic: "a", after: $after) { value } }');
    const resumable = makeResumable(document, 'Feed', { after: '41' }, resume);
    expect(resumable.variables).toEqual({ after: '41', [resumeAfterVariable]: '41' });
    const plan = planner().plan(resumable.document, 'Feed');
    expect(plan.primary.operation).toContain(`after:$${resumeAfterVariable}`);
    expect(plan.primary.operation).toContain('_cryptographResumeId:id');
    expect(plan.primary.variableUsages).toContain(resumeAfterVariable);
  });

  it('start from a literal `after`, or from null when the client gave none', () => {
    expect(makeResumable(parse('subscription { eventCreated(topic: "a", after: "7") { value } }'), null, {}, resume).variables).toEqual({
      [resumeAfterVariable]: '7',
    });
    expect(makeResumable(parse('subscription { eventCreated(topic: "a") { value } }'), null, {}, resume).variables).toEqual({ [resumeAfterVariable]: null });
  });

  it('read the id of an event and strip it from what clients see', () => {
    const data = { eventCreated: { value: 1.5, _cryptographResumeId: '12' } };
    expect(resumeIdOf(data, 'eventCreated')).toBe(12n);
    stripResumeId(data, 'eventCreated');
    expect(data).toEqual({ eventCreated: { value: 1.5 } });
    expect(resumeIdOf({ eventCreated: { value: 1 } }, 'eventCreated')).toBeNull();
  });
});
