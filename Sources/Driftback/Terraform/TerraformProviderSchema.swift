public import DriftbackSyntax

/// What `terraform providers schema -json` says about resource types, as far as comparison needs it:
/// which attributes are optional and not computed (so omitting them means "unset"), and which repeated
/// blocks or object lists are ordered lists rather than sets.
public struct TerraformProviderSchema: Sendable {
  /// One resource type.
  public struct ResourceType: Sendable {
    /// Optional, non-computed attributes: the configuration omitting one means it must be unset.
    public var optionalNotComputed: Set<String> = []
    /// Block types and list-of-object attributes whose order matters (`nesting_mode: list`, type `list`).
    public var orderedLists: Set<String> = []
  }

  /// Resource types by name (`aws_instance`).
  public var resources: [String: ResourceType] = [:]

  /// Creates an empty schema.
  public init() {}

  /// Reads `terraform providers schema -json` output.
  /// - Throws: a ``Diagnostic`` when the file is not such output.
  public static func load(_ file: SourceFile) throws -> TerraformProviderSchema {
    guard let root = try JSONParser().parse(file).root,
      let providers = try Value(syntax: root, schema: .core, file: file)["provider_schemas"]?.map
    else {
      throw Diagnostic(
        .error, "not the output of `terraform providers schema -json` (no provider_schemas)", file: file.path)
    }
    var schema = TerraformProviderSchema()
    for provider in providers.entries {
      for resource in provider.value["resource_schemas"]?.map?.entries ?? [] {
        var type = ResourceType()
        let block = resource.value["block"]
        for attribute in block?["attributes"]?.map?.entries ?? [] {
          let optional = attribute.value["optional"]?.bool ?? false
          let computed = attribute.value["computed"]?.bool ?? false
          if optional && !computed { type.optionalNotComputed.insert(attribute.key) }
          // `"type": ["list", ["object", {...}]]` is ordered; `["set", …]` is not.
          if attribute.value["type"]?.list?.first?.string == "list" { type.orderedLists.insert(attribute.key) }
        }
        for blockType in block?["block_types"]?.map?.entries ?? []
        where blockType.value["nesting_mode"]?.string == "list" {
          type.orderedLists.insert(blockType.key)
        }
        schema.resources[resource.key] = type
      }
    }
    return schema
  }
}
