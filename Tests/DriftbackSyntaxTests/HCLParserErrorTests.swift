import Testing

@testable import DriftbackSyntax

@Suite("HCL parser: syntax errors")
struct HCLParserErrorTests {
  /// The first error of `text` as `line:column: message`.
  func firstError(_ text: String) -> (line: Int, column: Int, message: String)? {
    do {
      _ = try HCLParser().parse(DriftbackSyntax.SourceFile(path: "bad.tf", text: text))
      return nil
    } catch let diagnostic as Diagnostic {
      return (diagnostic.location?.line ?? 0, diagnostic.location?.column ?? 0, diagnostic.message)
    } catch {
      return nil
    }
  }

  @Test(arguments: [
    ("a {\n  b = 1\n", 1, 3, "unclosed configuration block"),
    ("x {\n  y {\n  }\n", 1, 3, "unclosed configuration block"),
    ("a = \"abc\nb = 1\n", 1, 5, "unterminated template string"),
    ("a = \"abc", 1, 5, "unterminated template string"),
    ("a = 1\nx = <<EOT\nabc\n", 2, 5, "unterminated heredoc"),
    ("a 1\n", 1, 3, "expected \"=\""),
    ("a\n", 1, 2, "expected \"=\""),
    ("a = @\n", 1, 5, "the invalid character \"@\""),
    ("a = 1 & 2\n", 1, 7, "did you mean \"&&\""),
    ("a = 1 b = 2\n", 1, 7, "missing line break after argument"),
    ("a = 1, b = 2\n", 1, 6, "unexpected comma after argument"),
    ("a = 1\nb = 2\na = 3\n", 3, 1, "attribute redefined: the argument \"a\" was already set at line 1, column 1"),
    ("a = \"x\\qy\"\n", 1, 7, "invalid escape sequence"),
    ("a = \"\\u12\"\n", 1, 6, "hexadecimal digits"),
    ("a = [1, 2\n", 1, 5, "unterminated tuple"),
    ("a = {\n  b = 1\n", 1, 5, "unterminated object"),
    ("a = f(1, 2\n", 1, 6, "unterminated function call"),
    ("a = (1 + 2\n", 2, 1, "expected \")\""),
    ("a = 1 +\n2\n", 1, 8, "expected the start of an expression, found a line break"),
    ("a = x.\n", 1, 7, "expected an attribute name"),
    ("a = b ? c\n", 1, 10, "expected \":\""),
    ("a = \"${x\"\n", 1, 9, "expected \"}\" to close the template sequence"),
    ("a = \"%{endif}\"\n", 1, 6, "unexpected %{endif}"),
    ("a = \"%{if x}y\"\n", 1, 6, "unterminated %{if}"),
    ("a = \"%{bogus}\"\n", 1, 8, "invalid template directive"),
    ("a = [for x in y]\n", 1, 16, "expected \":\""),
    ("a = {for k, v in y : v}\n", 1, 23, "expected \"=>\""),
    ("b \"l${x}\" {}\n", 1, 3, "invalid block label"),
    ("b \"l\" = 1\n", 1, 7, "expected a label or \"{\""),
    ("}\n", 1, 1, "argument or block definition required"),
    ("\"a\" = 1\n", 1, 1, "argument names must not be quoted"),
    ("a { b {} }\n", 1, 5, "a single-line block definition can contain only a single argument"),
    ("a { b = 1 } c = 2\n", 1, 13, "missing line break after block definition"),
    ("a = 1 /* open\n", 1, 7, "unterminated comment"),
    ("a = <<EOT x\n", 1, 5, "invalid heredoc introducer"),
    ("é = 1\nb = ~\n", 2, 5, "strip marker"),
  ])
  func errorPosition(_ text: String, _ line: Int, _ column: Int, _ fragment: String) throws {
    let error = try #require(firstError(text), "\(text.debugDescription) must not parse")
    #expect(error.line == line && error.column == column, "\(text.debugDescription): \(error)")
    #expect(error.message.contains(fragment), "\(text.debugDescription): \(error.message)")
  }

  @Test func thrownDiagnosticRendersWithCaret() throws {
    let source = DriftbackSyntax.SourceFile(path: "main.tf", text: "a = 1\nb 2\n")
    let error = try #require(throws: Diagnostic.self) { try HCLParser().parse(source) }
    #expect(error.severity == .error)
    #expect(error.rendered.hasPrefix("main.tf:2:3: error: "))
    #expect(error.rendered.hasSuffix("b 2\n  ^"))
  }

  @Test func recoveryReportsLaterErrorsAndKeepsGoodItems() throws {
    let source = DriftbackSyntax.SourceFile(path: "bad.tf", text: "a = 1 +\nb = 2\nc = [\n  1 2\n]\nd = 4\nd = 5\n")
    let result = try HCLParser().parseRecovering(source)
    #expect(result.diagnostics.count >= 3)
    #expect(result.diagnostics.first?.location?.line == 1)
    #expect(result.diagnostics.last?.location?.line == 7)
    #expect(result.file.body.attribute(named: "b") != nil)
    #expect(result.file.body.attribute(named: "d") != nil)
    #expect(result.file.reemitted == source.bytes)
  }

  @Test func garbageNeverCrashes() throws {
    let samples = [
      "{{{{", "}}}}", "\"${", "\"%{", "<<-", "<<EOT\n${", "a = \"${\"${\"${", "a { b = [ ( { \"", "~}", "${}",
      "a = x[*", "a = x.*.", "a = [for", "a = {for k", "a = \"%{for x in y}", "\u{0}\u{1}\u{2}", "a = 1e", "a = 1.",
      "a = -", "a = !", "a.b = 1", "a = f(x...", "a = f(x..., y)", "a = {a = 1 b = 2}", "\"\\", "a = \"\\U0011FFFF\"",
    ]
    for sample in samples {
      let source = DriftbackSyntax.SourceFile(path: "g.tf", text: sample)
      let result = try HCLParser().parseRecovering(source)
      #expect(result.file.reemitted == source.bytes, "\(sample.debugDescription)")
    }
  }

  /// Every prefix, and many single-byte mutations, of a file using every construct: errors, never crashes.
  @Test func truncationsAndMutationsNeverCrash() throws {
    let text = """
      variable "x" { default = [1, 2.5, -3] }
      locals {
        a = { for k, v in var.m : k => v... if v != null }
        b = "p-${var.x[0].y}-%{ if c ~}yes%{~ else }no%{ endif }"
        c = <<-EOT
          ${join(",", [for s in local.l : "'${s}'"])}
        EOT
        d = aws_instance.web[*].id
        e = x.*.y.0
        f = (a + b) * c > 1 || !d ? f(1, g...) : null
      }
      """
    let bytes = Array(text.utf8)
    var inputs: [[UInt8]] = (0...bytes.count).map { Array(bytes[0..<$0]) }
    let replacements: [UInt8] = Array(##""{}[]()$%~<-=\#*."##.utf8) + [0x0A, 0x0A]
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<1_500 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      var mutated = bytes
      let position = Int(seed >> 33) % mutated.count
      let replacement = replacements[Int(seed >> 20) % replacements.count]
      if seed & 1 == 0 { mutated[position] = replacement } else { mutated.insert(replacement, at: position) }
      inputs.append(mutated)
    }
    for input in inputs {
      let source = DriftbackSyntax.SourceFile(path: "m.tf", bytes: input)
      let result = try HCLParser().parseRecovering(source)
      #expect(result.file.reemitted == input)
    }
  }

  @Test func deepButAllowedNestingOfEveryKind() throws {
    let depth = 190
    let parens = "x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + "\n"
    let templates =
      "x = " + String(repeating: "\"${", count: depth / 2) + "1" + String(repeating: "}\"", count: depth / 2) + "\n"
    let objects = "x = " + String(repeating: "{a = ", count: depth) + "1" + String(repeating: "}", count: depth) + "\n"
    for text in [parens, templates, objects] {
      let source = DriftbackSyntax.SourceFile(path: "deep.tf", text: text)
      let result = try HCLParser().parseRecovering(source)
      #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
      #expect(result.file.reemitted == source.bytes)
    }
  }
}
