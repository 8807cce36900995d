import {
  Kind,
  visit,
  type DocumentNode,
  type InterfaceTypeDefinitionNode,
  type InterfaceTypeExtensionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type StringValueNode,
} from 'graphql';

type TypeWithFields = ObjectTypeDefinitionNode | ObjectTypeExtensionNode | InterfaceTypeDefinitionNode | InterfaceTypeExtensionNode;

const typeKinds = new Set<string>([Kind.OBJECT_TYPE_DEFINITION, Kind.OBJECT_TYPE_EXTENSION, Kind.INTERFACE_TYPE_DEFINITION, Kind.INTERFACE_TYPE_EXTENSION]);

/**
 * Gives every field of an object or interface type that has no description of its own the
 * description of the same field in an interface it implements, so that the fields an interface
 * holds for several types are described once. Written here because neither graphql-js nor
 * @graphql-tools has such a step: it is one walk over the document.
 */
export function withInterfaceDescriptions(document: DocumentNode): DocumentNode {
  const described = new Map<string, Map<string, StringValueNode>>();
  const implemented = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (!typeKinds.has(definition.kind)) continue;
    const type = definition as TypeWithFields;
    implemented.set(type.name.value, [...(implemented.get(type.name.value) ?? []), ...(type.interfaces ?? []).map((named) => named.name.value)]);
    if (type.kind !== Kind.INTERFACE_TYPE_DEFINITION && type.kind !== Kind.INTERFACE_TYPE_EXTENSION) continue;
    const fields = described.get(type.name.value) ?? new Map<string, StringValueNode>();
    for (const field of type.fields ?? []) if (field.description) fields.set(field.name.value, field.description);
    described.set(type.name.value, fields);
  }
  const inherit = (node: TypeWithFields): TypeWithFields | undefined => {
    const interfaces = implemented.get(node.name.value) ?? [];
    if (interfaces.length === 0 || !node.fields) return undefined;
    const fields = node.fields.map((field) => {
      if (field.description) return field;
      const description = interfaces.map((name) => described.get(name)?.get(field.name.value)).find((found) => found !== undefined);
      return description ? { ...field, description } : field;
    });
    return { ...node, fields };
  };
  return visit(document, {
    ObjectTypeDefinition: inherit,
    ObjectTypeExtension: inherit,
    InterfaceTypeDefinition: inherit,
    InterfaceTypeExtension: inherit,
  });
}
