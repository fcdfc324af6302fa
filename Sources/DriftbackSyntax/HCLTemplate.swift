/// A string template: a quoted string or a heredoc.
public struct HCLTemplate: Sendable, Hashable {
  /// Literal text, interpolations and directives in order.
  public var parts: [HCLTemplatePart]
  /// Heredoc details; `nil` for a quoted string.
  public var heredoc: HCLHeredoc?

  /// Creates a template.
  public init(parts: [HCLTemplatePart], heredoc: HCLHeredoc?) {
    self.parts = parts
    self.heredoc = heredoc
  }

  /// Whether the template was written as `"…"`.
  public var isQuoted: Bool { heredoc == nil }
}

/// How a heredoc was introduced and closed.
public struct HCLHeredoc: Sendable, Hashable {
  /// The marker, such as `EOT`.
  public var marker: String
  /// Whether it is `<<-`, which strips the common leading whitespace of its lines.
  public var isFlush: Bool
  /// `<<EOT` or `<<-EOT` and the line break after it.
  public var startSpan: ByteSpan
  /// The closing line: its indentation and the marker.
  public var endSpan: ByteSpan

  /// Creates heredoc details.
  public init(marker: String, isFlush: Bool, startSpan: ByteSpan, endSpan: ByteSpan) {
    self.marker = marker
    self.isFlush = isFlush
    self.startSpan = startSpan
    self.endSpan = endSpan
  }
}

/// One piece of a template.
public enum HCLTemplatePart: Sendable, Hashable {
  /// Text with escapes decoded (and, in a `<<-` heredoc, the common indentation removed); the span is the
  /// source text.
  case literal(String, span: ByteSpan)
  /// `${expr}`.
  case interpolation(HCLTemplateInterpolation)
  /// `%{if}…%{else}…%{endif}`.
  case ifDirective(HCLTemplateIf)
  /// `%{for}…%{endfor}`.
  case forDirective(HCLTemplateFor)
}

/// The delimiters of `${…}` or `%{…}`: their span and strip markers.
public struct HCLTemplateTag: Sendable, Hashable {
  /// From `${` / `%{` to the closing `}`.
  public var span: ByteSpan
  /// `${~`: whitespace before the tag is removed.
  public var stripsBefore: Bool
  /// `~}`: whitespace after the tag is removed.
  public var stripsAfter: Bool

  /// Creates a tag.
  public init(span: ByteSpan, stripsBefore: Bool, stripsAfter: Bool) {
    self.span = span
    self.stripsBefore = stripsBefore
    self.stripsAfter = stripsAfter
  }
}

/// `${expr}`.
public struct HCLTemplateInterpolation: Sendable, Hashable {
  /// The expression.
  public var expression: HCLExpression
  /// The delimiters.
  public var tag: HCLTemplateTag

  /// Creates an interpolation.
  public init(expression: HCLExpression, tag: HCLTemplateTag) {
    self.expression = expression
    self.tag = tag
  }
}

/// `%{if cond}…%{else}…%{endif}`.
public struct HCLTemplateIf: Sendable, Hashable {
  /// The condition.
  public var condition: HCLExpression
  /// Parts shown when the condition holds.
  public var trueParts: [HCLTemplatePart]
  /// Parts after `%{else}`; empty when there is none.
  public var falseParts: [HCLTemplatePart]
  /// The `%{if …}` tag.
  public var ifTag: HCLTemplateTag
  /// The `%{else}` tag, if any.
  public var elseTag: HCLTemplateTag?
  /// The `%{endif}` tag.
  public var endTag: HCLTemplateTag
}

/// `%{for k, v in coll}…%{endfor}`.
public struct HCLTemplateFor: Sendable, Hashable {
  /// The key variable, when two are given.
  public var keyVariable: String?
  /// The value variable.
  public var valueVariable: String
  /// The collection.
  public var collection: HCLExpression
  /// The repeated parts.
  public var bodyParts: [HCLTemplatePart]
  /// The `%{for …}` tag.
  public var forTag: HCLTemplateTag
  /// The `%{endfor}` tag.
  public var endTag: HCLTemplateTag
}
