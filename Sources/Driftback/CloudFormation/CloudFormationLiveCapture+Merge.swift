import DriftbackSyntax

extension CloudFormationLiveCapture {
  /// Merges what the readers collected: one stack record per stack and logical id, one resource per type
  /// and physical id.
  static func merge(_ collector: CloudFormationCaptureCollector) -> (CloudFormationLiveCapture, [Diagnostic]) {
    var diagnostics = collector.diagnostics
    var stackResources: [CloudFormationStackResource] = []
    var recordIndex: [String: Int] = [:]
    for (record, source) in collector.stackResources {
      let key = record.stackName + "/" + record.logicalId
      guard let index = recordIndex[key] else {
        recordIndex[key] = stackResources.count
        stackResources.append(record)
        continue
      }
      guard let physicalId = record.physicalId else { continue }
      if let existing = stackResources[index].physicalId {
        if existing != physicalId {
          diagnostics.append(
            Diagnostic(
              .warning, "\(key) is \(existing) in an earlier capture file and \(physicalId) here: the first is kept",
              file: source))
        }
      } else {
        stackResources[index].physicalId = physicalId
      }
    }
    var recordByPhysical: [String: Int] = [:]
    for (index, record) in stackResources.enumerated() {
      guard let physicalId = record.physicalId else { continue }
      let key = resourceKey(record.type, physicalId)
      if recordByPhysical[key] == nil { recordByPhysical[key] = index }
    }

    var groups: [String: [CloudFormationLiveFragment]] = [:]
    for fragment in collector.fragments {
      groups[resourceKey(fragment.type, fragment.physicalId), default: []].append(fragment)
    }
    var resources: [CloudFormationLiveResource] = []
    for key in groups.keys.sorted() {
      guard let fragments = groups[key], var resource = merged(fragments) else { continue }
      if let index = recordByPhysical[key] {
        resource.stackName = stackResources[index].stackName
        resource.logicalId = stackResources[index].logicalId
      } else if let tagged = fragments.first(where: { $0.stackName != nil }), let stackName = tagged.stackName {
        resource.stackName = stackName
        resource.logicalId = tagged.logicalId
        if let logicalId = tagged.logicalId, recordIndex[stackName + "/" + logicalId] == nil {
          recordIndex[stackName + "/" + logicalId] = stackResources.count
          stackResources.append(
            CloudFormationStackResource(
              stackName: stackName, logicalId: logicalId, physicalId: resource.physicalId, type: resource.type))
        }
      }
      resources.append(resource)
    }
    resources.sort { ($0.type, $0.physicalId) < ($1.type, $1.physicalId) }
    let capture = CloudFormationLiveCapture(
      stackResources: stackResources, resources: resources, driftDifferences: collector.driftDifferences,
      driftStatus: collector.driftStatus, pseudoParameters: collector.pseudoParameters,
      stackParameters: collector.stackParameters)
    return (capture, diagnostics)
  }

  static func resourceKey(_ type: String, _ physicalId: String) -> String { type + "\n" + physicalId }

  /// One resource from its fragments: each top-level property from the first fragment, in order of
  /// precedence, that has it.
  static func merged(_ fragments: [CloudFormationLiveFragment]) -> CloudFormationLiveResource? {
    let ordered = fragments.enumerated().sorted { ($0.element.origin, $0.offset) < ($1.element.origin, $1.offset) }
      .map(\.element)
    guard let first = ordered.first else { return nil }
    var properties = ValueMap()
    var coverage: Set<String>? = []
    var sources: [String] = []
    for fragment in ordered {
      for entry in fragment.properties.entries where properties.index(of: entry.key) == nil {
        properties.entries.append(ValueMap.Entry(key: entry.key, value: entry.value.withoutSpans))
      }
      if let covered = fragment.coverage { coverage?.formUnion(covered) } else { coverage = nil }
      for source in fragment.sources where !sources.contains(source) { sources.append(source) }
    }
    // A bucket without a public-access block blocks nothing.
    if first.type == "AWS::S3::Bucket", coverage?.contains("PublicAccessBlockConfiguration") != false,
      properties["PublicAccessBlockConfiguration"] == nil
    {
      properties["PublicAccessBlockConfiguration"] = S3BucketConverter.notBlocked
    }
    return CloudFormationLiveResource(
      type: first.type, physicalId: first.physicalId, properties: .map(properties), coverage: coverage,
      sources: sources, isAWSDefault: ordered.contains(where: \.isAWSDefault),
      location: ordered.lazy.compactMap(\.location).first)
  }
}
