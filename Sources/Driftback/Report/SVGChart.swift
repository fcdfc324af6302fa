/// The small inline SVG charts of the HTML report: no script, no external reference, coordinates in whole
/// pixels (so the same counts give the same bytes), colours from CSS classes (so dark mode applies), a
/// `<title>` on the chart and on every bar for screen readers and tooltips.
enum SVGChart {
  /// One bar of a bar chart.
  struct Bar {
    /// What the bar counts (`critical`, `kubernetes`).
    var label: String
    /// How many.
    var count: Int
    /// The CSS class that colours it.
    var style: String
  }

  /// One column of a stacked column chart.
  struct Column {
    /// The column's label (a capture label).
    var label: String
    /// The stacked parts, bottom first.
    var parts: [Bar]
    /// A count worth calling out under the label (regressions), 0 for none.
    var callout: Int
    /// Whether the column is this report's own capture.
    var isCurrent: Bool

    /// The column's height in counts.
    var total: Int { parts.reduce(0) { $0 + $1.count } }
  }

  // MARK: - Horizontal bars

  /// Horizontal bars, one per row, each with its label and count.
  /// - Parameters:
  ///   - title: the chart's accessible name.
  ///   - id: a page-unique id for the title element.
  ///   - bars: the bars, top first.
  ///   - noun: what is counted, singular (`finding`), for the bars' titles.
  /// - Returns: the `<svg>` element.
  static func bars(title: String, id: String, bars: [Bar], noun: String) -> String {
    let rowHeight = 24
    let labelWidth = 112
    let barSpace = 200
    let width = labelWidth + barSpace + 40
    let height = max(1, bars.count) * rowHeight + 4
    let largest = max(1, bars.map(\.count).max() ?? 0)
    var out =
      "<svg class=\"chart bars\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\""
      + " role=\"img\" aria-labelledby=\"\(id)\"><title id=\"\(id)\">\(HTMLText.escape(title))</title>\n"
    for (index, bar) in bars.enumerated() {
      let top = index * rowHeight + 4
      let barWidth = bar.count == 0 ? 0 : max(2, bar.count * barSpace / largest)
      let textY = top + 13
      out += "<g class=\"bar\"><title>\(HTMLText.escape("\(bar.label): \(counted(bar.count, noun))"))</title>"
      out += "<text x=\"0\" y=\"\(textY)\" class=\"label\">\(HTMLText.escape(bar.label))</text>"
      out += "<rect x=\"\(labelWidth)\" y=\"\(top)\" width=\"\(barWidth)\" height=\"16\" rx=\"3\""
      out += " class=\"\(HTMLText.escape(bar.style))\" data-count=\"\(bar.count)\"/>"
      out += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(textY)\" class=\"count\">\(bar.count)</text></g>\n"
    }
    out += "</svg>"
    return out
  }

  // MARK: - Stacked columns

  /// Stacked columns over a horizontal axis (captures, oldest first), with a gridded vertical axis, the
  /// total above each column and the callout under its label.
  /// - Parameters:
  ///   - title: the chart's accessible name.
  ///   - id: a page-unique id for the title element.
  ///   - columns: the columns, left first.
  ///   - noun: what is counted, singular, for titles.
  ///   - calloutNoun: what the callout counts, singular.
  /// - Returns: the `<svg>` element.
  static func columns(title: String, id: String, columns: [Column], noun: String, calloutNoun: String) -> String {
    let left = 34
    let top = 18
    let plotHeight = 150
    let bottom = 52
    let slot = max(14, min(96, 600 / max(1, columns.count)))
    let width = left + slot * max(1, columns.count) + 8
    let height = top + plotHeight + bottom
    let (scaleMax, step) = scale(for: columns.map(\.total).max() ?? 0)
    var out =
      "<svg class=\"chart columns\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\""
      + " role=\"img\" aria-labelledby=\"\(id)\"><title id=\"\(id)\">\(HTMLText.escape(title))</title>\n"
    var tick = 0
    while tick <= scaleMax {
      let y = top + plotHeight - tick * plotHeight / scaleMax
      out += "<line x1=\"\(left)\" x2=\"\(width - 4)\" y1=\"\(y)\" y2=\"\(y)\" class=\"grid\"/>"
      out += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" class=\"axis\" text-anchor=\"end\">\(tick)</text>\n"
      tick += step
    }
    let barWidth = max(6, min(40, slot * 3 / 5))
    // Label every column when they fit, else every few, always the newest.
    let labelEvery = max(1, 110 / slot)
    for (index, column) in columns.enumerated() {
      let x = left + index * slot + (slot - barWidth) / 2
      let center = x + barWidth / 2
      var summary = "\(column.label): \(counted(column.total, noun))"
      let nonzero = column.parts.filter { $0.count > 0 }.map { "\($0.count) \($0.label)" }
      if !nonzero.isEmpty { summary += " (" + nonzero.joined(separator: ", ") + ")" }
      if column.callout > 0 { summary += ", \(counted(column.callout, calloutNoun))" }
      if column.isCurrent { summary += ", this report" }
      out += "<g class=\"column\(column.isCurrent ? " current" : "")\" data-total=\"\(column.total)\">"
      out += "<title>\(HTMLText.escape(summary))</title>"
      var base = top + plotHeight
      for part in column.parts where part.count > 0 {
        let partHeight = max(1, part.count * plotHeight / scaleMax)
        base -= partHeight
        out += "<rect x=\"\(x)\" y=\"\(base)\" width=\"\(barWidth)\" height=\"\(partHeight)\""
        out += " class=\"\(HTMLText.escape(part.style))\" data-count=\"\(part.count)\"/>"
      }
      out += "<text x=\"\(center)\" y=\"\(base - 5)\" class=\"total\" text-anchor=\"middle\">\(column.total)</text>"
      if index % labelEvery == 0 || index == columns.count - 1 {
        let (date, time) = split(column.label)
        let labelY = top + plotHeight + 15
        out += "<text x=\"\(center)\" y=\"\(labelY)\" class=\"axis\" text-anchor=\"middle\">"
        out += "<tspan x=\"\(center)\">\(HTMLText.escape(date))</tspan>"
        if let time { out += "<tspan x=\"\(center)\" dy=\"13\">\(HTMLText.escape(time))</tspan>" }
        out += "</text>"
        if column.callout > 0 {
          out += "<text x=\"\(center)\" y=\"\(labelY + 28)\" class=\"callout\" text-anchor=\"middle\">"
          out += "\(counted(column.callout, calloutNoun))</text>"
        }
      }
      out += "</g>\n"
    }
    out += "</svg>"
    return out
  }

  // MARK: - Helpers

  /// `3 findings`, `1 finding`.
  static func counted(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }

  /// A round axis maximum at or above `largest`, with a step that gives at most five gridlines.
  private static func scale(for largest: Int) -> (max: Int, step: Int) {
    var magnitude = 1
    for _ in 0..<18 {
      for factor in [1, 2, 5] {
        let step = factor * magnitude
        let top = max(step, (largest + step - 1) / step * step)
        if top / step <= 5 { return (top, step) }
      }
      magnitude *= 10
    }
    return (max(1, largest), max(1, largest))
  }

  /// A capture label split for two lines: `2026-11-22T09-30Z` is `2026-11-22` over `09-30Z`.
  private static func split(_ label: String) -> (String, String?) {
    guard let t = label.firstIndex(of: "T"), label.distance(from: label.startIndex, to: t) == 10 else {
      return (label.count > 16 ? String(label.prefix(15)) + "…" : label, nil)
    }
    return (String(label[..<t]), String(label[label.index(after: t)...]))
  }
}
