import Testing

@testable import DriftbackSyntax

@Suite("HCL parser: structure and expressions")
struct HCLParserTests {
  typealias Support = HCLTestSupport

  // MARK: - Structure

  @Test func attributesAndBlocks() throws {
    let file = try Support.parse(
      """
      # leading comment
      region = "eu-west-1"

      resource "aws_s3_bucket" logs {
        bucket = "logs"  // trailing
        versioning {
          enabled = true
        }
      }
      """)
    #expect(file.body.items.count == 2)
    let region = try #require(file.body.attribute(named: "region"))
    #expect(file.text(region.span) == #"region = "eu-west-1""#)
    #expect(file.text(region.nameSpan) == "region")
    #expect(file.text(region.equalsSpan) == "=")
    #expect(region.expression.literalValue == .string("eu-west-1"))

    let block = try #require(file.body.blocks(ofType: "resource").first)
    #expect(
      block.labels == [
        HCLLabel(value: "aws_s3_bucket", span: ByteSpan(start: 49, end: 64), isQuoted: true),
        HCLLabel(value: "logs", span: ByteSpan(start: 65, end: 69), isQuoted: false),
      ])
    #expect(file.text(block.labels[0].span) == #""aws_s3_bucket""#)
    #expect(file.text(block.typeSpan) == "resource")
    #expect(file.text(block.openBraceSpan) == "{")
    #expect(file.text(block.span).hasPrefix("resource \"aws_s3_bucket\" logs {"))
    #expect(file.text(block.span).hasSuffix("}\n}"))
    #expect(block.body.attribute(named: "bucket")?.expression.stringValue == "logs")
    let nested = try #require(block.body.blocks(ofType: "versioning").first)
    #expect(nested.labels.isEmpty)
    #expect(nested.body.attribute(named: "enabled")?.expression.literalValue == .bool(true))
    #expect(file.text(nested.span) == "versioning {\n    enabled = true\n  }")
    #expect(file.reemitted == file.source.bytes)
  }

  @Test func oneLineBlocks() throws {
    let file = try Support.parse("a {}\nb { c = 1 }\nd \"x\" { e = [1, 2] }\n")
    let blocks = file.body.blocks
    #expect(blocks.map(\.type) == ["a", "b", "d"])
    #expect(blocks[0].body.items.isEmpty)
    #expect(file.text(blocks[1].span) == "b { c = 1 }")
    #expect(blocks[1].isSingleLine(in: file.source))
    #expect(file.text(try #require(blocks[1].body.attribute(named: "c")).span) == "c = 1")
    #expect(file.text(blocks[2].closeBraceSpan) == "}")
  }

  @Test func emptyAndCommentOnlyFiles() throws {
    #expect(try Support.parse("").body.items.isEmpty)
    #expect(try Support.parse("/* a\n b */\n# c\n").body.items.isEmpty)
    #expect(try Support.parse("\u{FEFF}a = 1").body.attribute(named: "a") != nil)
  }

  @Test func crlfLineEndings() throws {
    let file = try Support.parse("a = 1\r\nb {\r\n  c = \"d\"\r\n}\r\n")
    #expect(file.body.attribute(named: "a")?.expression.literalValue == .number("1"))
    #expect(file.body.blocks(ofType: "b").first?.body.attribute(named: "c")?.expression.stringValue == "d")
  }

  // MARK: - Literals and templates

  @Test func literals() throws {
    let file = try Support.parse("a = 3.14159265358979323846\nb = false\nc = null\nd = -2\ne = 1e3\n")
    #expect(file.body.attribute(named: "a")?.expression.kind == .literal(.number("3.14159265358979323846")))
    #expect(file.body.attribute(named: "b")?.expression.literalValue == .bool(false))
    #expect(file.body.attribute(named: "c")?.expression.literalValue == .null)
    #expect(file.body.attribute(named: "d")?.expression.literalValue == .number("-2"))
    #expect(file.body.attribute(named: "e")?.expression.literalValue == .number("1e3"))
  }

  @Test func quotedEscapes() throws {
    let (expression, file) = try Support.expression(#"x = "a\n\r\t\"\\\u00e9\U0001F600 $${x} %%{y}""#)
    #expect(expression.literalValue == .string("a\n\r\t\"\\é😀 ${x} %{y}"))
    #expect(file.text(expression.span) == #""a\n\r\t\"\\\u00e9\U0001F600 $${x} %%{y}""#)
  }

  @Test func templateWithInterpolationIsNotLiteral() throws {
    let (expression, file) = try Support.expression(#"x = "arn:${var.partition}:s3""#)
    #expect(expression.literalValue == nil)
    guard case .template(let template) = expression.kind else {
      Issue.record("expected a template")
      return
    }
    #expect(template.isQuoted)
    #expect(template.parts.count == 3)
    guard case .interpolation(let interpolation) = template.parts[1] else {
      Issue.record("expected an interpolation")
      return
    }
    #expect(file.text(interpolation.tag.span) == "${var.partition}")
    #expect(file.text(interpolation.expression.span) == "var.partition")
    #expect(template.parts[2] == .literal(":s3", span: ByteSpan(start: 25, end: 28)))
  }

  @Test func templateDirectivesAndStripMarkers() throws {
    let (expression, file) = try Support.expression(
      #"x = "a %{~ if c ~} yes %{~ else ~} no %{~ endif ~} %{ for k, v in m }${k}=${v}%{ endfor }""#)
    guard case .template(let template) = expression.kind else {
      Issue.record("expected a template")
      return
    }
    #expect(template.parts.count == 4)
    #expect(template.parts[0] == .literal("a", span: ByteSpan(start: 5, end: 7)))
    guard case .ifDirective(let ifDirective) = template.parts[1],
      case .forDirective(let forDirective) = template.parts[3]
    else {
      Issue.record("expected if and for directives")
      return
    }
    #expect(file.text(ifDirective.condition.span) == "c")
    #expect(ifDirective.ifTag.stripsBefore && ifDirective.ifTag.stripsAfter)
    #expect(ifDirective.trueParts.map(literalText) == ["yes"])
    #expect(ifDirective.falseParts.map(literalText) == ["no"])
    #expect(file.text(try #require(ifDirective.elseTag).span) == "%{~ else ~}")
    #expect(file.text(ifDirective.endTag.span) == "%{~ endif ~}")
    #expect(template.parts[2] == .literal("", span: ByteSpan(start: 50, end: 51)))
    #expect(forDirective.keyVariable == "k")
    #expect(forDirective.valueVariable == "v")
    #expect(file.text(forDirective.collection.span) == "m")
    #expect(forDirective.bodyParts.count == 3)
    #expect(file.text(forDirective.endTag.span) == "%{ endfor }")
  }

  func literalText(_ part: HCLTemplatePart) -> String? {
    if case .literal(let text, _) = part { return text }
    return nil
  }

  @Test func heredocs() throws {
    let file = try Support.parse(
      "a = <<EOT\n  hello\n    world\n  EOT\nb = <<-EOT\n    hello\n      world\n\n    EOT\n")
    let plain = try #require(file.body.attribute(named: "a")).expression
    #expect(plain.literalValue == .string("  hello\n    world\n"))
    #expect(file.text(plain.span) == "<<EOT\n  hello\n    world\n  EOT")
    guard case .template(let template) = plain.kind, let heredoc = template.heredoc else {
      Issue.record("expected a heredoc")
      return
    }
    #expect(heredoc.marker == "EOT")
    #expect(!heredoc.isFlush)
    #expect(file.text(heredoc.endSpan) == "  EOT")
    let flush = try #require(file.body.attribute(named: "b")).expression
    #expect(flush.literalValue == .string("hello\n  world\n\n"))
    if case .template(let flushTemplate) = flush.kind { #expect(flushTemplate.heredoc?.isFlush == true) }
  }

  @Test func heredocWithInterpolationAndNestedHeredocInside() throws {
    let (expression, _) = try Support.expression("x = <<-EOT\n    a ${f(<<X\nin\nX\n)} b\n  ${y}\n    EOT\n")
    guard case .template(let template) = expression.kind else {
      Issue.record("expected a template")
      return
    }
    #expect(literalText(template.parts[0]) == "  a ")
    #expect(template.parts.count == 6)
  }

  // MARK: - Collections

  @Test func tuplesAndObjects() throws {
    let (tuple, file) = try Support.expression("x = [\n  1,\n  \"two\", # comment\n  [3],\n]\n")
    guard case .tuple(let items) = tuple.kind else {
      Issue.record("expected a tuple")
      return
    }
    #expect(items.map { file.text($0.span) } == ["1", "\"two\"", "[3]"])
    #expect(file.text(tuple.span) == "[\n  1,\n  \"two\", # comment\n  [3],\n]")

    let (object, objectFile) = try Support.expression(
      "x = {\n  a = 1\n  \"b\": 2,\n  (var.k) = 3, c = { d = true }\n}\n")
    guard case .object(let members) = object.kind else {
      Issue.record("expected an object")
      return
    }
    #expect(members.map(\.keyName) == ["a", "b", nil, "c"])
    #expect(members.map { objectFile.text($0.key.span) } == ["a", "\"b\"", "(var.k)", "c"])
    #expect(members.map { objectFile.text($0.separatorSpan) } == ["=", ":", "=", "="])
    #expect(objectFile.text(members[3].value.span) == "{ d = true }")
  }

  // MARK: - Traversals

  @Test func scopeTraversals() throws {
    let (expression, file) = try Support.expression("x = aws_s3_bucket.b[count.index].arn\n")
    guard case .scopeTraversal(let root, let rootSpan, let steps) = expression.kind else {
      Issue.record("expected a scope traversal")
      return
    }
    #expect(root == "aws_s3_bucket")
    #expect(file.text(rootSpan) == "aws_s3_bucket")
    #expect(steps.map { file.text($0.span) } == [".b", "[count.index]", ".arn"])
    #expect(file.text(expression.span) == "aws_s3_bucket.b[count.index].arn")
    if case .index(let key, _) = steps[1] {
      #expect(
        key.kind
          == .scopeTraversal(
            root: "count", rootSpan: key.span.prefix(5),
            traversers: [
              .attribute(name: "index", span: ByteSpan(start: key.span.start + 5, end: key.span.end))
            ]))
    }
  }

  @Test func legacyIndex() throws {
    let (expression, file) = try Support.expression("x = var.list.0.1.name\n")
    guard case .scopeTraversal("var", _, let steps) = expression.kind else {
      Issue.record("expected a scope traversal")
      return
    }
    #expect(steps.count == 4)
    #expect(steps[1] == .legacyIndex(0, span: ByteSpan(start: 12, end: 14)))
    #expect(steps[2] == .legacyIndex(1, span: ByteSpan(start: 14, end: 16)))
    #expect(file.text(expression.span) == "var.list.0.1.name")
  }

  @Test func splats() throws {
    let (attributeSplat, file) = try Support.expression("x = aws_instance.web.*.id\n")
    guard case .splat(let source, false, let marker, let steps) = attributeSplat.kind else {
      Issue.record("expected an attribute splat")
      return
    }
    #expect(file.text(source.span) == "aws_instance.web")
    #expect(file.text(marker) == ".*")
    #expect(steps.map { file.text($0.span) } == [".id"])
    #expect(file.text(attributeSplat.span) == "aws_instance.web.*.id")

    let (fullSplat, fullFile) = try Support.expression("x = var.list[*].a[0].b\n")
    guard case .splat(_, true, let fullMarker, let fullSteps) = fullSplat.kind else {
      Issue.record("expected a full splat")
      return
    }
    #expect(fullFile.text(fullMarker) == "[*]")
    #expect(fullSteps.map { fullFile.text($0.span) } == [".a", "[0]", ".b"])
    #expect(fullFile.text(fullSplat.span) == "var.list[*].a[0].b")

    let (indexedAfterSplat, indexedFile) = try Support.expression("x = a.*.b[0]\n")
    guard case .relativeTraversal(let splat, let after) = indexedAfterSplat.kind else {
      Issue.record("expected a relative traversal after the attribute splat")
      return
    }
    #expect(indexedFile.text(splat.span) == "a.*.b")
    #expect(after.map { indexedFile.text($0.span) } == ["[0]"])
  }

  @Test func relativeTraversalOnAnyExpression() throws {
    let (expression, file) = try Support.expression("x = lookup(m, \"k\")[0].id\n")
    guard case .relativeTraversal(let source, let steps) = expression.kind else {
      Issue.record("expected a relative traversal")
      return
    }
    #expect(file.text(source.span) == "lookup(m, \"k\")")
    #expect(steps.count == 2)
  }

  // MARK: - Calls, operators, conditionals

  @Test func functionCalls() throws {
    let (expression, file) = try Support.expression("x = concat(\n  var.a,\n  local.b...\n)\n")
    guard case .functionCall(let name, let nameSpan, let arguments, let expands) = expression.kind else {
      Issue.record("expected a function call")
      return
    }
    #expect(name == "concat")
    #expect(file.text(nameSpan) == "concat")
    #expect(arguments.map { file.text($0.span) } == ["var.a", "local.b"])
    #expect(expands)
    #expect(file.text(expression.span) == "concat(\n  var.a,\n  local.b...\n)")

    let (namespaced, namespacedFile) = try Support.expression("x = provider::aws::arn_parse(a)\n")
    if case .functionCall(let qualified, _, _, false) = namespaced.kind {
      #expect(qualified == "provider::aws::arn_parse")
    } else {
      Issue.record("expected a namespaced call in \(namespacedFile.text(namespaced.span))")
    }
    let (empty, _) = try Support.expression("x = timestamp()\n")
    #expect(
      empty.kind
        == .functionCall(
          name: "timestamp", nameSpan: ByteSpan(start: 4, end: 13), arguments: [], expandsFinalArgument: false))
  }

  /// Renders the tree with explicit parentheses.
  func shape(_ expression: HCLExpression, _ file: HCLFile) -> String {
    switch expression.kind {
    case .binary(let op, let lhs, let rhs): "(\(shape(lhs, file)) \(op.rawValue) \(shape(rhs, file)))"
    case .unary(let op, let operand): "(\(op.rawValue)\(shape(operand, file)))"
    case .conditional(let condition, let whenTrue, let whenFalse):
      "(\(shape(condition, file)) ? \(shape(whenTrue, file)) : \(shape(whenFalse, file)))"
    case .parenthesized(let inner): shape(inner, file)
    default: file.text(expression.span)
    }
  }

  @Test(arguments: [
    ("a || b && c", "(a || (b && c))"),
    ("a && b == c", "(a && (b == c))"),
    ("a == b < c", "(a == (b < c))"),
    ("a < b + c", "(a < (b + c))"),
    ("a + b * c", "(a + (b * c))"),
    ("a - b - c", "((a - b) - c)"),
    ("a / b % c * d", "(((a / b) % c) * d)"),
    ("!a && -b > c", "((!a) && ((-b) > c))"),
    ("(a + b) * c", "((a + b) * c)"),
    ("a ? b : c ? d : e", "(a ? b : (c ? d : e))"),
    ("a > 1 || b ? x + 1 : y", "(((a > 1) || b) ? (x + 1) : y)"),
    ("a >= b != c <= d", "((a >= b) != (c <= d))"),
  ])
  func operatorPrecedence(_ source: String, _ expected: String) throws {
    let (expression, file) = try Support.expression("x = \(source)\n")
    #expect(shape(expression, file) == expected)
    #expect(file.text(expression.span) == source)
  }

  @Test func conditionalSpans() throws {
    let (expression, file) = try Support.expression("x = var.on ? \"yes\" : null\n")
    guard case .conditional(let condition, let whenTrue, let whenFalse) = expression.kind else {
      Issue.record("expected a conditional")
      return
    }
    #expect([condition, whenTrue, whenFalse].map { file.text($0.span) } == ["var.on", "\"yes\"", "null"])
  }

  // MARK: - For expressions

  @Test func tupleFor() throws {
    let (expression, file) = try Support.expression("x = [for i, s in var.list : upper(s) if s != \"\"]\n")
    guard case .forExpression(let forExpression) = expression.kind else {
      Issue.record("expected a for expression")
      return
    }
    #expect(!forExpression.isObject)
    #expect(forExpression.keyVariable == "i")
    #expect(forExpression.valueVariable == "s")
    #expect(file.text(forExpression.collection.span) == "var.list")
    #expect(forExpression.keyExpression == nil)
    #expect(file.text(forExpression.valueExpression.span) == "upper(s)")
    #expect(file.text(try #require(forExpression.condition).span) == "s != \"\"")
    #expect(file.text(expression.span) == "[for i, s in var.list : upper(s) if s != \"\"]")
  }

  @Test func objectForWithGrouping() throws {
    let (expression, file) = try Support.expression("x = {\n  for u in var.users :\n  u.role => u.name...\n}\n")
    guard case .forExpression(let forExpression) = expression.kind else {
      Issue.record("expected a for expression")
      return
    }
    #expect(forExpression.isObject)
    #expect(forExpression.isGrouping)
    #expect(forExpression.keyVariable == nil)
    #expect(file.text(try #require(forExpression.keyExpression).span) == "u.role")
    #expect(file.text(forExpression.valueExpression.span) == "u.name")
    #expect(forExpression.condition == nil)
  }

  // MARK: - Limits

  @Test func depthLimitIsAnErrorNotACrash() {
    let limits = ParseLimits(maxDepth: 50)
    let deep = "x = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    let source = DriftbackSyntax.SourceFile(path: "deep.tf", text: deep)
    #expect(throws: Diagnostic.self) { try HCLParser(limits: limits).parse(source) }
    let blocks = String(repeating: "a {\n", count: 5_000) + String(repeating: "}\n", count: 5_000)
    #expect(throws: Diagnostic.self) { try HCLParser().parse(DriftbackSyntax.SourceFile(path: "b.tf", text: blocks)) }
    let unary = "x = " + String(repeating: "!", count: 100_000) + "true"
    #expect(throws: Diagnostic.self) { try HCLParser().parse(DriftbackSyntax.SourceFile(path: "u.tf", text: unary)) }
  }

  @Test func nestingWithinTheDefaultLimitParses() throws {
    let nested = "x = " + String(repeating: "[", count: 150) + String(repeating: "]", count: 150) + "\n"
    _ = try Support.parse(nested)
  }

  @Test func fileSizeLimit() {
    let source = DriftbackSyntax.SourceFile(path: "big.tf", text: "a = 1\n")
    #expect(throws: Diagnostic.self) { try HCLParser(limits: ParseLimits(maxFileBytes: 3)).parse(source) }
  }
}

extension ByteSpan {
  fileprivate func prefix(_ count: Int) -> ByteSpan { ByteSpan(start: start, end: start + count) }
}
