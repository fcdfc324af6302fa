import DriftbackSyntax

/// Reads what CloudFormation records about its stacks:
///
/// - `aws cloudformation describe-stack-resources`: `{"StackResources": [{"StackName", "StackId",
///   "LogicalResourceId", "PhysicalResourceId", "ResourceType", "ResourceStatus", …}]}`, which maps each
///   logical id to the physical resource it became;
/// - `aws cloudformation describe-stacks`: `{"Stacks": [{"StackName", "StackId", "Parameters": [{"ParameterKey",
///   "ParameterValue", "ResolvedValue"?}], …}]}`, for the stacks' deployed parameter values.
///
/// Both give stack ids, whose ARN states the partition, region and account of the pseudo parameters.
enum CloudFormationStackResourcesReader {
  /// The value `describe-stacks` shows for a `NoEcho` parameter.
  static let maskedValue = "****"

  static func readStackResources(
    _ file: CloudFormationCaptureFile, into collector: inout CloudFormationCaptureCollector
  ) {
    guard let root = file.root else { return }
    var diagnostics: [Diagnostic] = []
    defer { collector.diagnostics += diagnostics }
    for entry in file.objects(root["StackResources"], named: "StackResources", diagnostics: &diagnostics) {
      var stackName = CloudFormationCaptureFile.text(entry["StackName"])
      if let stackId = CloudFormationCaptureFile.text(entry["StackId"]) {
        collector.noteStackId(stackId, file: file, at: entry["StackId"])
        if stackName == nil { stackName = CloudFormationStackARN(stackId)?.stackName }
      }
      guard let stackName, !stackName.isEmpty else {
        diagnostics.append(file.diagnostic(.error, "a stack resource without `StackName` or `StackId`", at: entry))
        continue
      }
      guard
        let logicalId = file.requiredText(
          entry, "LogicalResourceId", in: "a stack resource", diagnostics: &diagnostics),
        let type = file.requiredText(entry, "ResourceType", in: "a stack resource", diagnostics: &diagnostics)
      else { continue }
      let physicalId = CloudFormationCaptureFile.text(entry["PhysicalResourceId"]).flatMap { $0.isEmpty ? nil : $0 }
      collector.addStackResource(
        CloudFormationStackResource(stackName: stackName, logicalId: logicalId, physicalId: physicalId, type: type),
        file: file)
    }
  }

  static func readStacks(_ file: CloudFormationCaptureFile, into collector: inout CloudFormationCaptureCollector) {
    guard let root = file.root else { return }
    var diagnostics: [Diagnostic] = []
    defer { collector.diagnostics += diagnostics }
    for stack in file.objects(root["Stacks"], named: "Stacks", diagnostics: &diagnostics) {
      var name = CloudFormationCaptureFile.text(stack["StackName"])
      if let stackId = CloudFormationCaptureFile.text(stack["StackId"]) {
        collector.noteStackId(stackId, file: file, at: stack["StackId"])
        if name == nil { name = CloudFormationStackARN(stackId)?.stackName }
      }
      guard let name, !name.isEmpty else {
        diagnostics.append(file.diagnostic(.error, "a stack without `StackName` or `StackId`", at: stack))
        continue
      }
      var parameters = collector.stackParameters[name] ?? [:]
      for parameter in file.objects(stack["Parameters"], named: "Parameters", diagnostics: &diagnostics) {
        guard let key = CloudFormationCaptureFile.text(parameter["ParameterKey"]) else { continue }
        // SSM parameter types show the parameter's name as the value and what it resolved to beside it.
        let value =
          CloudFormationCaptureFile.text(parameter["ResolvedValue"])
          ?? CloudFormationCaptureFile.text(parameter["ParameterValue"])
        guard let value, value != maskedValue else { continue }
        parameters[key] = value
      }
      collector.stackParameters[name] = parameters
    }
  }
}
