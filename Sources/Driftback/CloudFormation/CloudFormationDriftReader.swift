import DriftbackSyntax

/// Reads `aws cloudformation describe-stack-resource-drifts` output:
///
/// ```
/// {"StackResourceDrifts": [{"StackId": "arn:aws:cloudformation:…:stack/shop-edge/…",
///   "LogicalResourceId": "WebSecurityGroup", "PhysicalResourceId": "sg-…", "ResourceType": "AWS::EC2::SecurityGroup",
///   "ExpectedProperties": "{…}", "ActualProperties": "{…}",
///   "PropertyDifferences": [{"PropertyPath": "/SecurityGroupIngress/1", "ExpectedValue": "…", "ActualValue": "…",
///                            "DifferenceType": "NOT_EQUAL"}],
///   "StackResourceDriftStatus": "MODIFIED", "Timestamp": "…"}]}
/// ```
///
/// Every entry gives a stack record and a drift status keyed `stack/LogicalId` (the stack name is taken from
/// the `StackId` ARN: the output has no stack name of its own). `ActualProperties` (a JSON string) becomes a
/// fragment of lowest precedence that covers the properties the template sets (the keys of
/// `ExpectedProperties` and `ActualProperties`); a `DELETED` resource has none. `PropertyDifferences` are
/// kept as CloudFormation's own verdict.
enum CloudFormationDriftReader {
  static func read(_ file: CloudFormationCaptureFile, into collector: inout CloudFormationCaptureCollector) {
    guard let root = file.root else { return }
    var diagnostics: [Diagnostic] = []
    defer { collector.diagnostics += diagnostics }
    for entry in file.objects(root["StackResourceDrifts"], named: "StackResourceDrifts", diagnostics: &diagnostics) {
      guard let stackId = file.requiredText(entry, "StackId", in: "a drift entry", diagnostics: &diagnostics) else {
        continue
      }
      guard let arn = CloudFormationStackARN(stackId) else {
        diagnostics.append(
          file.diagnostic(.error, "`StackId` of a drift entry is not a stack ARN", at: entry["StackId"]))
        continue
      }
      collector.noteStackId(stackId, file: file, at: entry["StackId"])
      guard
        let logicalId = file.requiredText(entry, "LogicalResourceId", in: "a drift entry", diagnostics: &diagnostics),
        let type = file.requiredText(entry, "ResourceType", in: "a drift entry", diagnostics: &diagnostics)
      else { continue }
      let key = "\(arn.stackName)/\(logicalId)"
      if collector.driftStatus[key] != nil {
        diagnostics.append(file.diagnostic(.warning, "drift of \(key) appears twice: the first is kept", at: entry))
        continue
      }
      let physicalId = CloudFormationCaptureFile.text(entry["PhysicalResourceId"]).flatMap { $0.isEmpty ? nil : $0 }
      let status = CloudFormationCaptureFile.text(entry["StackResourceDriftStatus"]) ?? "UNKNOWN"
      collector.driftStatus[key] = status
      collector.addStackResource(
        CloudFormationStackResource(stackName: arn.stackName, logicalId: logicalId, physicalId: physicalId, type: type),
        file: file)
      collector.driftDifferences[key] = differences(entry, of: key, file: file, diagnostics: &diagnostics)

      var covered: Set<String> = []
      if let expectedText = entry["ExpectedProperties"] {
        let expected = file.embeddedJSON(
          expectedText, field: "ExpectedProperties", of: key, diagnostics: &diagnostics)
        covered.formUnion(expected?.map?.keys ?? [])
      }
      guard status != "DELETED", let actualText = entry["ActualProperties"], let physicalId else { continue }
      guard let actual = file.embeddedJSON(actualText, field: "ActualProperties", of: key, diagnostics: &diagnostics)
      else { continue }
      guard let properties = actual.map else {
        diagnostics.append(
          file.diagnostic(.error, "`ActualProperties` of \(key) must be a JSON object", at: actualText))
        continue
      }
      covered.formUnion(properties.keys)
      var fragment = CloudFormationLiveFragment(
        type: type, physicalId: physicalId, origin: .drift, properties: properties, coverage: covered, file: file,
        at: entry)
      fragment.stackName = arn.stackName
      fragment.logicalId = logicalId
      collector.add(fragment, file: file)
    }
  }

  /// The entry's `PropertyDifferences`.
  static func differences(
    _ entry: Value, of key: String, file: CloudFormationCaptureFile, diagnostics: inout [Diagnostic]
  ) -> [CloudFormationPropertyDifference] {
    var result: [CloudFormationPropertyDifference] = []
    for item in file.objects(entry["PropertyDifferences"], named: "PropertyDifferences", diagnostics: &diagnostics) {
      guard
        let path = file.requiredText(
          item, "PropertyPath", in: "a property difference of \(key)", diagnostics: &diagnostics)
      else { continue }
      result.append(
        CloudFormationPropertyDifference(
          path: path, expected: value(item["ExpectedValue"]), actual: value(item["ActualValue"]),
          type: CloudFormationCaptureFile.text(item["DifferenceType"]) ?? "NOT_EQUAL"))
    }
    return result
  }

  /// A difference's value: JSON text parsed (`"10"`, `"true"`, `"{…}"`), any other text as a string.
  static func value(_ raw: Value?) -> Value? {
    guard let raw, !raw.isNull else { return nil }
    guard let text = raw.string else { return raw.withoutSpans }
    return (try? CloudFormationCaptureFile.parseJSON(text)) ?? .string(text)
  }
}
