public import DriftbackSyntax

/// Where an evaluated CloudFormation property value comes from when it is not written literally in the
/// template, for reports and back-ports.
public enum CloudFormationValueOrigin: Sendable, Hashable {
  /// The value comes from `Ref` to a parameter. When the parameters file gave the value, `file` is that file's
  /// path and `span` is the entry's ``CloudFormationParameterFile/Entry/span``; otherwise `file` is the
  /// template's path and `span` covers the parameter's `Default` value as written (quotes included), `nil` when
  /// the `Default` has no span of its own (a YAML alias). For a list parameter (`CommaDelimitedList`,
  /// `List<…>`) the origin sits on the list and covers the whole comma-separated text.
  case parameter(name: String, file: String?, span: ByteSpan?)
  /// Computed by an intrinsic function and so not back-portable as a plain edit: `function` is the long name,
  /// such as `"Fn::Sub"`, `"Fn::If"`, `"Fn::FindInMap"` or `"Ref"` (a pseudo parameter).
  case computed(function: String)

  /// Whether a back-port can edit the place this origin names.
  public var isBackportable: Bool {
    if case .parameter(_, _?, _?) = self { return true }
    return false
  }
}
