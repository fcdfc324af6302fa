/// Tells which ecosystem a file belongs to, from its name and the start of its content, so that each
/// analyzer reads only its own files from a mixed folder (`iac-samples/`, a capture).
public enum EcosystemDetector {
  /// How many leading bytes are enough to decide.
  public static let prefixLength = 4096

  /// The ecosystem of a file, or `nil` when driftback does not read it.
  /// - Parameters:
  ///   - path: the file's path.
  ///   - prefix: its first bytes (at least ``prefixLength`` when the file is that long).
  public static func detect(path: String, prefix: [UInt8]) -> Ecosystem? {
    let lower = path.lowercased()
    if lower.hasSuffix(".tf") || lower.hasSuffix(".tfvars") || lower.hasSuffix(".tf.json")
      || lower.hasSuffix(".tfvars.json") || lower.hasSuffix(".tfstate") || lower.hasSuffix(".tfstate.backup")
    {
      return .terraform
    }
    let isJSON = lower.hasSuffix(".json")
    guard isJSON || lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".template") else {
      return nil
    }
    if lower.hasSuffix("/capture.json") || lower == "capture.json" { return nil }
    let text = String(decoding: prefix.prefix(prefixLength), as: UTF8.self)
    if isJSON, text.contains("\"terraform_version\"") || text.contains("\"format_version\"") {
      return .terraform
    }
    if text.contains("AWSTemplateFormatVersion") || text.contains("\"StackResourceDrifts\"")
      || text.contains("\"ResourceDescription\"") || text.contains("\"StackResources\"")
      || text.contains("\"SecurityGroups\"") || text.contains("\"PublicAccessBlockConfiguration\"")
      || text.contains("\"ServerSideEncryptionConfiguration\"") || text.contains("AWS::")
    {
      return .cloudformation
    }
    return lower.hasSuffix(".template") ? nil : .kubernetes
  }
}
