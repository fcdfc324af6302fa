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
    let bytes = prefix.prefix(prefixLength)
    if isJSON, containsAny(bytes, of: terraformMarkers) { return .terraform }
    if containsAny(bytes, of: cloudFormationMarkers) { return .cloudformation }
    return lower.hasSuffix(".template") ? nil : .kubernetes
  }

  static let terraformMarkers: [[UInt8]] = ["\"terraform_version\"", "\"format_version\""].map { Array($0.utf8) }

  static let cloudFormationMarkers: [[UInt8]] = [
    "AWSTemplateFormatVersion", "AWS::", "\"StackResourceDrifts\"", "\"ResourceDescription\"",
    "\"StackResources\"", "\"SecurityGroups\"", "\"PublicAccessBlockConfiguration\"",
    "\"ServerSideEncryptionConfiguration\"",
  ].map { Array($0.utf8) }

  /// Whether any needle occurs in the bytes: one pass, comparing only where a needle's first byte is.
  static func containsAny(_ bytes: ArraySlice<UInt8>, of needles: [[UInt8]]) -> Bool {
    var isFirstByte = [Bool](repeating: false, count: 256)
    for needle in needles { if let first = needle.first { isFirstByte[Int(first)] = true } }
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      if isFirstByte[Int(byte)] {
        for needle in needles where needle.first == byte && index + needle.count <= bytes.endIndex {
          if bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
        }
      }
      index += 1
    }
    return false
  }
}
