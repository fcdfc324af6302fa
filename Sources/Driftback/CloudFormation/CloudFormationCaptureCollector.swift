import DriftbackSyntax

/// Everything the readers find in a capture, before fragments are merged into resources.
struct CloudFormationCaptureCollector {
  var fragments: [CloudFormationLiveFragment] = []
  /// Stack records, each with the file it came from.
  var stackResources: [(record: CloudFormationStackResource, source: String)] = []
  var driftDifferences: [String: [CloudFormationPropertyDifference]] = [:]
  var driftStatus: [String: String] = [:]
  var stackParameters: [String: [String: String]] = [:]
  var diagnostics: [Diagnostic] = []
  /// The first stack ARN seen, and whether a later one disagreed about partition, region or account.
  private var stackARN: CloudFormationStackARN?
  private var reportedOtherAccount = false

  /// Adds a fragment, taking stack membership from its `aws:cloudformation:*` tags and dropping every
  /// `aws:` tag (AWS adds them; templates cannot hold them).
  mutating func add(_ fragment: CloudFormationLiveFragment, file: CloudFormationCaptureFile) {
    var fragment = fragment
    if let tags = fragment.properties["Tags"] {
      switch tags.kind {
      case .list(let items):
        var kept: [Value] = []
        for tag in items {
          guard let key = tag["Key"]?.string else {
            kept.append(tag)
            continue
          }
          note(tag: key, value: tag["Value"], in: &fragment, file: file)
          if !key.hasPrefix("aws:") { kept.append(tag) }
        }
        fragment.properties["Tags"] = Value(.list(kept), span: tags.span)
      case .map(var map):
        // Some Cloud Control models write tags as an object (`AWS::SSM::Parameter`).
        for entry in map.entries { note(tag: entry.key, value: entry.value, in: &fragment, file: file) }
        map.entries.removeAll { $0.key.hasPrefix("aws:") }
        fragment.properties["Tags"] = Value(.map(map), span: tags.span)
      default:
        break
      }
    }
    fragments.append(fragment)
  }

  private mutating func note(
    tag key: String, value: Value?, in fragment: inout CloudFormationLiveFragment, file: CloudFormationCaptureFile
  ) {
    guard let text = value?.string else { return }
    switch key {
    case "aws:cloudformation:stack-name": fragment.stackName = text
    case "aws:cloudformation:logical-id": fragment.logicalId = text
    case "aws:cloudformation:stack-id": noteStackId(text, file: file, at: value)
    default: break
    }
  }

  /// Records a stack's record of one of its resources.
  mutating func addStackResource(_ record: CloudFormationStackResource, file: CloudFormationCaptureFile) {
    stackResources.append((record, file.file.path))
  }

  /// Takes partition, region and account from a stack id; `false` when the text is not a stack ARN.
  @discardableResult
  mutating func noteStackId(_ text: String, file: CloudFormationCaptureFile, at value: Value?) -> Bool {
    guard let arn = CloudFormationStackARN(text) else { return false }
    guard let first = stackARN else {
      stackARN = arn
      return true
    }
    if !reportedOtherAccount,
      (first.partition, first.region, first.accountId) != (arn.partition, arn.region, arn.accountId)
    {
      reportedOtherAccount = true
      diagnostics.append(
        file.diagnostic(
          .warning,
          "the capture holds stacks of more than one account or region (\(first.accountId) \(first.region) and"
            + " \(arn.accountId) \(arn.region)): the pseudo parameters AWS::AccountId and AWS::Region are taken from"
            + " the first; give them with --pseudo when a template was deployed elsewhere", at: value))
    }
    return true
  }

  /// The pseudo parameters the stack ids state.
  var pseudoParameters: [String: String] { stackARN?.pseudoParameters ?? [:] }
}
