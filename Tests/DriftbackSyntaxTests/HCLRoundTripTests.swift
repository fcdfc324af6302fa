import Foundation
import Testing

@testable import DriftbackSyntax

/// Every HCL file of the external corpora parses (unless it is a must-fail case) and its tokens re-emit it
/// byte for byte; every node's span lies inside the file and its text is what the node says it is.
@Suite("HCL round trip over the corpora")
struct HCLRoundTripTests {
  static let terraformRoot = HCLTestSupport.corpus("terraform")
  static let hclRoot = HCLTestSupport.corpus("hcl")

  /// Files (relative to the corpora root) that must parse.
  static let inputs: [String] = {
    var paths: [String] = []
    if let terraformRoot {
      paths += HCLTestSupport.files(under: terraformRoot, suffixes: [".tf", ".tfvars", ".hcl"]).map {
        "terraform/\($0)"
      }
    }
    if let hclRoot {
      paths += HCLTestSupport.files(under: hclRoot, suffixes: [".hcl", ".tf", ".t", ".hcldec"]).map { "hcl/\($0)" }
    }
    return paths
  }()

  /// Must-fail inputs of the spec suite: parsed for the round trip only.
  static let mustFail: Set<String> = [
    "hcl/specsuite/structure/attributes/singleline_bad.hcl",
    "hcl/specsuite/structure/blocks/single_oneline_invalid.hcl",
    "hcl/specsuite/structure/blocks/single_unclosed.hcl",
  ]

  @Test func corporaHaveHCLFiles() {
    guard Self.terraformRoot != nil || Self.hclRoot != nil else { return }
    #expect(Self.inputs.count >= 40, "expected the .tf/.hcl files of the corpora, found \(Self.inputs.count)")
  }

  @Test(.enabled(if: !inputs.isEmpty), arguments: inputs)
  func roundTrip(_ relativePath: String) throws {
    let url = HCLTestSupport.corporaRoot.appendingPathComponent(relativePath)
    let bytes = try [UInt8](Data(contentsOf: url))
    let source = DriftbackSyntax.SourceFile(path: relativePath, bytes: bytes)
    let result = try HCLParser().parseRecovering(source)
    if Self.mustFail.contains(relativePath) {
      #expect(!result.diagnostics.isEmpty, "\(relativePath) must not parse")
    } else {
      #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.rendered).joined(separator: "\n"))")
    }
    #expect(result.file.reemitted == bytes)
    var previousEnd = 0
    for token in result.file.tokens {
      #expect(token.span.start == previousEnd && token.span.count > 0, "token \(token) breaks the tiling")
      previousEnd = token.span.end
    }
    #expect(previousEnd == bytes.count)
    if !Self.mustFail.contains(relativePath) { HCLSpanChecker.check(result.file.body, in: source) }
  }
}

/// Checks that every span of a tree nests inside its parent's.
enum HCLSpanChecker {
  static func check(_ body: HCLBody, in file: DriftbackSyntax.SourceFile) {
    for item in body.items {
      #expect(item.span.end <= file.bytes.count)
      switch item {
      case .attribute(let attribute):
        #expect(file.text(attribute.nameSpan) == attribute.name)
        #expect(file.text(attribute.equalsSpan) == "=")
        #expect(attribute.span.contains(attribute.expression.span))
        check(attribute.expression, parent: attribute.span)
      case .block(let block):
        #expect(file.text(block.typeSpan) == block.type)
        for label in block.labels where !label.isQuoted { #expect(file.text(label.span) == label.value) }
        #expect(file.text(block.openBraceSpan) == "{")
        #expect(file.text(block.closeBraceSpan) == "}")
        #expect(block.span.contains(block.body.span))
        check(block.body, in: file)
      }
    }
  }

  static func check(_ expression: HCLExpression, parent: ByteSpan) {
    #expect(parent.contains(expression.span), "span \(expression.span) outside its parent \(parent)")
    var children: [HCLExpression] = []
    switch expression.kind {
    case .literal: break
    case .template(let template): children = templateChildren(template.parts)
    case .tuple(let items): children = items
    case .object(let items): children = items.flatMap { [$0.key, $0.value] }
    case .scopeTraversal(_, _, let steps): children = indexes(steps)
    case .relativeTraversal(let source, let steps): children = [source] + indexes(steps)
    case .splat(let source, _, _, let steps): children = [source] + indexes(steps)
    case .functionCall(_, _, let arguments, _): children = arguments
    case .conditional(let condition, let whenTrue, let whenFalse): children = [condition, whenTrue, whenFalse]
    case .binary(_, let lhs, let rhs): children = [lhs, rhs]
    case .unary(_, let operand): children = [operand]
    case .parenthesized(let inner): children = [inner]
    case .forExpression(let forExpression):
      children = [forExpression.collection, forExpression.valueExpression]
      if let key = forExpression.keyExpression { children.append(key) }
      if let condition = forExpression.condition { children.append(condition) }
    }
    for child in children { check(child, parent: expression.span) }
  }

  static func indexes(_ steps: [HCLTraverser]) -> [HCLExpression] {
    steps.compactMap { if case .index(let key, _) = $0 { key } else { nil } }
  }

  static func templateChildren(_ parts: [HCLTemplatePart]) -> [HCLExpression] {
    parts.flatMap { part -> [HCLExpression] in
      switch part {
      case .literal: []
      case .interpolation(let interpolation): [interpolation.expression]
      case .ifDirective(let directive):
        [directive.condition] + templateChildren(directive.trueParts) + templateChildren(directive.falseParts)
      case .forDirective(let directive): [directive.collection] + templateChildren(directive.bodyParts)
      }
    }
  }
}
