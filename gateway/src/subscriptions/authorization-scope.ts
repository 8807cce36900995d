import type { Identity } from '@cryptograph/core/base';
import { Kind, parse, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/** `Type.field` coordinates tagged `@tag(name: "personal")` in the supergraph: answers differ per user. */
export function personalFieldsOf(supergraphSdl: string): ReadonlySet<string> {
  const fields = new Set<string>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const personal = field.directives?.some(
        (directive) =>
          directive.name.value === 'tag' &&
          directive.arguments?.some((argument) => argument.name.value === 'name' && argument.value.kind === Kind.STRING && argument.value.value === 'personal'),
      );
      if (personal) fields.add(`${definition.name.value}.${field.name.value}`);
    }
  }
  return fields;
}

/** True when the operation selects any personal field. */
export function selectsPersonalFields(schema: GraphQLSchema, document: DocumentNode, personalFields: ReadonlySet<string>): boolean {
  if (personalFields.size === 0) return false;
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && personalFields.has(`${parent.name}.${node.name.value}`)) found = true;
      },
    }),
  );
  return found;
}

/**
 * The authorization scope under which identical subscriptions may share one stream: the caller's
 * role and scopes, plus the user id when the operation selects personal fields.
 */
export function authorizationScope(identity: Identity, personal: boolean): string {
  const base = `${identity.role ?? 'anonymous'}|${identity.scopes?.join(',') ?? '*'}`;
  return personal ? `${base}|${identity.userId ?? ''}` : base;
}
