import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SubscriptionPlanner } from './subscription-planner.js';

const events = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Event @key(fields: "id") { id: ID! value: Float! }
type Query { event(id: ID!): Event }
type Subscription { eventCreated(topic: String!): Event! }`;

function planner(): SubscriptionPlanner {
  const composed = composeServices([{ name: 'events', url: 'http://events/graphql', typeDefs: parse(events) }]);
  if (composed.errors) throw composed.errors[0];
  return new SubscriptionPlanner(composed.supergraphSdl);
}

const subscription = (topic: string) => parse(`subscription { eventCreated(topic: "${topic}") { id value } }`);

describe('subscription planner', () => {
  it('plans the primary fetch and names the root field', () => {
    const plan = planner().plan(parse('subscription Feed { events: eventCreated(topic: "a") { value } }'), 'Feed');
    expect(plan.primary.serviceName).toBe('events');
    expect(plan.rootField).toBe('events');
    expect(plan.rootFieldName).toBe('eventCreated');
  });

  it('reuses a plan, and past 1,000 documents forgets the least recently used one, not the oldest in use', () => {
    const plans = planner();
    const first = Array.from({ length: 1_000 }, (_, k) => plans.plan(subscription(`topic-${k}`), null));
    expect(plans.plan(subscription('topic-0'), null)).toBe(first[0]);
    plans.plan(subscription('one-more'), null);
    expect(plans.plan(subscription('topic-0'), null)).toBe(first[0]);
    expect(plans.plan(subscription('topic-999'), null)).toBe(first[999]);
    expect(plans.plan(subscription('topic-1'), null)).not.toBe(first[1]);
  });
});
