import DriftbackSyntax

/// Reads `aws cloudcontrol get-resource` output, `{"TypeName": …, "ResourceDescription": {"Identifier": …,
/// "Properties": "<JSON string>"}}`, and `aws cloudcontrol list-resources` output (`ResourceDescriptions`,
/// the same descriptions in a list).
///
/// Cloud Control's properties are the resource's CloudFormation model, with the names and shapes of the
/// resource schema, so they are taken as they are, with the highest precedence. The identifier is the
/// schema's primary identifier, which for the types driftback converts is CloudFormation's physical id
/// (`sg-…`, the bucket name, the role name). A get-resource model speaks for every property driftback
/// knows the type to return when set (a property it lacks is unset) and for the properties it holds; a
/// list-resources model (often partial) only for the properties it holds.
enum CloudControlReader {
  static func read(_ file: CloudFormationCaptureFile, into collector: inout CloudFormationCaptureCollector) {
    guard let root = file.root else { return }
    var diagnostics: [Diagnostic] = []
    defer { collector.diagnostics += diagnostics }
    guard let type = file.requiredText(root, "TypeName", in: "Cloud Control output", diagnostics: &diagnostics) else {
      return
    }
    if let description = root["ResourceDescription"] {
      guard description.map != nil else {
        diagnostics.append(file.diagnostic(.error, "`ResourceDescription` must be an object", at: description))
        return
      }
      read(description, type: type, isFullModel: true, file: file, into: &collector, diagnostics: &diagnostics)
    }
    let list = file.objects(root["ResourceDescriptions"], named: "ResourceDescriptions", diagnostics: &diagnostics)
    for description in list {
      read(description, type: type, isFullModel: false, file: file, into: &collector, diagnostics: &diagnostics)
    }
  }

  static func read(
    _ description: Value, type: String, isFullModel: Bool, file: CloudFormationCaptureFile,
    into collector: inout CloudFormationCaptureCollector, diagnostics: inout [Diagnostic]
  ) {
    guard
      let identifier = file.requiredText(
        description, "Identifier", in: "a Cloud Control resource description", diagnostics: &diagnostics)
    else { return }
    guard let text = description["Properties"] else {
      diagnostics.append(
        file.diagnostic(.error, "the Cloud Control description of \(identifier) has no `Properties`", at: description))
      return
    }
    guard
      let model = file.embeddedJSON(
        text, field: "Properties", of: "\(type) \(identifier)", diagnostics: &diagnostics)
    else { return }
    guard let properties = model.map else {
      diagnostics.append(
        file.diagnostic(.error, "`Properties` of \(type) \(identifier) must be a JSON object", at: text))
      return
    }
    var coverage = Set(properties.keys)
    if isFullModel { coverage.formUnion(CloudFormationLiveFragment.modelProperties(of: type)) }
    var fragment = CloudFormationLiveFragment(
      type: type, physicalId: identifier, origin: .cloudControl, properties: properties, coverage: coverage,
      file: file, at: description)
    if type == "AWS::EC2::SecurityGroup", properties["GroupName"]?.string == "default" { fragment.isAWSDefault = true }
    collector.add(fragment, file: file)
  }
}
