/// A capture's resources and stack records indexed once, so that matching every template resource with
/// its live counterpart stays linear in the size of the estate.
struct CloudFormationCaptureIndex: Sendable {
  let capture: CloudFormationLiveCapture
  /// Stack records by `stack\nLogicalId`.
  private(set) var records: [String: CloudFormationStackResource] = [:]
  /// Stacks that have a record of `LogicalId\nType`, with how many.
  private(set) var stacksByLogicalType: [String: [String]] = [:]
  /// Stacks with at least one record.
  private(set) var listedStacks: Set<String> = []
  /// The stack of a live resource by `Type\nPhysicalId`.
  private(set) var stackOfPhysical: [String: String] = [:]
  /// Live resources (positions in `capture.resources`) by `Type\nPhysicalId`, by `stack\nLogicalId` and by
  /// `Type\nname`.
  private(set) var byPhysical: [String: Int] = [:]
  private(set) var byStackLogical: [String: Int] = [:]
  private(set) var byName: [String: [Int]] = [:]
  /// The types the capture holds.
  private(set) var types: Set<String> = []

  init(_ capture: CloudFormationLiveCapture) {
    self.capture = capture
    for record in capture.stackResources {
      let key = record.stackName + "\n" + record.logicalId
      if records[key] == nil { records[key] = record }
      stacksByLogicalType[record.logicalId + "\n" + record.type, default: []].append(record.stackName)
      listedStacks.insert(record.stackName)
      if let physical = record.physicalId {
        let physicalKey = record.type + "\n" + physical
        if stackOfPhysical[physicalKey] == nil { stackOfPhysical[physicalKey] = record.stackName }
      }
    }
    for (position, live) in capture.resources.enumerated() {
      types.insert(live.type)
      let physicalKey = live.type + "\n" + live.physicalId
      if byPhysical[physicalKey] == nil { byPhysical[physicalKey] = position }
      if let stack = live.stackName, let logical = live.logicalId {
        let key = stack + "\n" + logical
        if byStackLogical[key] == nil { byStackLogical[key] = position }
      }
      byName[live.type + "\n" + live.physicalId, default: []].append(position)
      if let nameKey = CloudFormationAnalyzer.nameProperty[live.type],
        let name = live.properties[nameKey]?.scalarText, name != live.physicalId
      {
        byName[live.type + "\n" + name, default: []].append(position)
      }
    }
  }

  func record(stack: String, logicalId: String) -> CloudFormationStackResource? {
    records[stack + "\n" + logicalId]
  }

  func live(type: String, physicalId: String) -> CloudFormationLiveResource? {
    byPhysical[type + "\n" + physicalId].map { capture.resources[$0] }
  }
}
