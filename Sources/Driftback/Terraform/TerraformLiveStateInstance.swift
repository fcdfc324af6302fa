public import DriftbackSyntax

/// One resource instance as Terraform last saw it running: a managed resource or a data source, with
/// its attributes and which of them Terraform treats as sensitive.
public struct TerraformLiveInstance: Sendable {
  /// Terraform's own instance address: `aws_instance.app[0]`, `module.network.aws_subnet.private["a"]`,
  /// `data.aws_caller_identity.current`.
  public var address: String
  /// `managed` or `data`.
  public var mode: String
  /// The resource type (`aws_security_group`).
  public var type: String
  /// The resource name in its module (`web`).
  public var name: String
  /// `""` for the root module, else the module instance address (`module.network`,
  /// `module.zone["eu"].module.dns`), with instance keys when a module uses `count` or `for_each`.
  public var moduleAddress: String
  /// The instance key: `.int` for `count`, `.string` for `for_each`, `nil` for a single instance.
  public var indexKey: Value?
  /// The attributes object (state v4 `attributes`, show -json `values`), with byte spans.
  public var values: Value
  /// Every sensitive leaf or subtree, sorted and without duplicates: from the state's
  /// `sensitive_attributes` or show -json's `sensitive_values`. A path step Terraform keys by a set
  /// element cannot be written as a ``ValuePath``; such a path stops before it, marking the whole set.
  public var sensitivePaths: [ValuePath]
  /// Whether the object is tainted (it will be replaced on the next apply).
  public var isTainted: Bool
  /// Where the instance is in the file.
  public var location: SourceLocation?

  /// Creates an instance.
  public init(
    address: String, mode: String, type: String, name: String, moduleAddress: String, indexKey: Value?,
    values: Value, sensitivePaths: [ValuePath], isTainted: Bool, location: SourceLocation?
  ) {
    self.address = address
    self.mode = mode
    self.type = type
    self.name = name
    self.moduleAddress = moduleAddress
    self.indexKey = indexKey
    self.values = values
    self.sensitivePaths = sensitivePaths
    self.isTainted = isTainted
    self.location = location
  }

  /// Builds Terraform's instance address from its parts, the way Terraform prints it:
  /// `[module.….]` then `data.` for data sources, `type.name`, then `[0]` or `["key"]`.
  /// - Parameters:
  ///   - moduleAddress: `""` for the root module.
  ///   - mode: `managed` or `data`.
  ///   - indexKey: an integer or string value, or `nil`.
  public static func address(moduleAddress: String, mode: String, type: String, name: String, indexKey: Value?)
    -> String
  {
    var out = moduleAddress.isEmpty ? "" : moduleAddress + "."
    if mode == "data" { out += "data." }
    out += type + "." + name
    if let indexKey { out += instanceKeyText(indexKey) }
    return out
  }

  /// An instance key in brackets: `[0]` for a number, `["a"]` for a string, quoted as Terraform's
  /// `addrs.StringKey` does (HCL quoted-string syntax: `${` and `%{` are doubled, non-printable
  /// characters become `\uXXXX`).
  public static func instanceKeyText(_ key: Value) -> String {
    switch key.kind {
    case .number(let number): return "[" + (number.integer.map { String($0) } ?? number.text) + "]"
    case .string(let text): return "[" + hclQuoted(text) + "]"
    default: return "[" + (key.scalarText ?? "") + "]"
    }
  }
}

// MARK: - Quoting

extension TerraformLiveInstance {
  fileprivate static func hclQuoted(_ text: String) -> String {
    var out = "\""
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "$", "%":
        out.unicodeScalars.append(scalar)
        if index + 1 < scalars.count, scalars[index + 1] == "{" { out.unicodeScalars.append(scalar) }
      default:
        if isPrintable(scalar) {
          out.unicodeScalars.append(scalar)
        } else if scalar.value < 0x10000 {
          out += "\\u" + hex(scalar.value, digits: 4)
        } else {
          out += "\\U" + hex(scalar.value, digits: 8)
        }
      }
    }
    return out + "\""
  }

  /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
  fileprivate static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == " " { return true }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .nonspacingMark, .spacingMark, .enclosingMark,
      .decimalNumber, .letterNumber, .otherNumber,
      .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation,
      .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
      return true
    default:
      return false
    }
  }

  fileprivate static func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}
