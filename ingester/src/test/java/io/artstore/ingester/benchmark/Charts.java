package io.artstore.ingester.benchmark;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Self-contained SVG charts for the benchmark report, built as plain strings so that
 * GitHub can show them next to the Markdown.
 */
final class Charts {

	private static final int WIDTH = 720;

	private static final int HEIGHT = 400;

	private static final int LEFT = 70;

	private static final int RIGHT = 20;

	private static final int BOTTOM = 50;

	private static final int LEGEND_ROW = 18;

	/** Okabe-Ito colours, distinguishable with the common colour-vision deficiencies. */
	private static final String[] PALETTE = { "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
			"#000000", "#F0E442" };

	private Charts() {
	}

	/** One bar: its group on the x axis, its series within the group, its value. */
	record Bar(String group, String series, double value) {
	}

	/** One point of a line. */
	record Point(double x, double y) {
	}

	/** One line: its name in the legend, its points in x order. */
	record Line(String name, List<Point> points) {
	}

	/**
	 * A grouped bar chart with a y axis from 0, each bar labelled with its value.
	 * @param title the chart's title
	 * @param unit the y axis label
	 * @param bars the bars; groups and series in first-seen order, NaN values left out
	 * @return the SVG document
	 */
	static String bars(String title, String unit, List<Bar> bars) {
		if (bars == null || bars.isEmpty()) {
			return noData(title);
		}
		List<String> groups = new ArrayList<>(new LinkedHashSet<>(bars.stream().map(Bar::group).toList()));
		List<String> series = new ArrayList<>(new LinkedHashSet<>(bars.stream().map(Bar::series).toList()));
		Map<String, Double> values = new HashMap<>();
		double max = 0;
		for (Bar bar : bars) {
			if (Double.isFinite(bar.value())) {
				values.put(bar.group() + '\0' + bar.series(), bar.value());
				max = Math.max(max, bar.value());
			}
		}
		StringBuilder svg = start(height(series), title);
		int top = legend(svg, series, null);
		int bottom = height(series) - BOTTOM;
		List<Double> ticks = niceTicks(0, (max > 0) ? max * 1.08 : 1);
		double hi = ticks.get(ticks.size() - 1);
		DoubleUnaryOperator toY = (v) -> scale(v, 0, hi, bottom, top);
		yAxis(svg, ticks, toY, unit, top, bottom);
		double groupWidth = (double) (WIDTH - LEFT - RIGHT) / groups.size();
		double barWidth = groupWidth * 0.8 / series.size();
		for (int g = 0; g < groups.size(); g++) {
			double groupX = LEFT + g * groupWidth;
			for (int s = 0; s < series.size(); s++) {
				Double value = values.get(groups.get(g) + '\0' + series.get(s));
				if (value == null) {
					continue;
				}
				double x = groupX + groupWidth * 0.1 + s * barWidth;
				double y = toY.applyAsDouble(Math.max(0, value));
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n", x, y,
						barWidth * 0.9, bottom - y, colour(s)));
				text(svg, x + barWidth * 0.45, y - 4, "middle", "font-size=\"11\"",
						String.format(Locale.ROOT, (Math.abs(value) >= 100) ? "%.0f" : "%.1f", value));
			}
			text(svg, groupX + groupWidth / 2, bottom + 18, "middle", "", groups.get(g));
		}
		return svg.append("</svg>\n").toString();
	}

	/**
	 * A line chart with markers at the points; lines whose name contains "straight" or
	 * "direct" are dashed.
	 * @param title the chart's title
	 * @param xLabel the x axis label
	 * @param yLabel the y axis label
	 * @param lines the lines, coloured in order
	 * @param logY whether the y axis is logarithmic (points with y &lt;= 0 are left out)
	 * @return the SVG document
	 */
	static String lines(String title, String xLabel, String yLabel, List<Line> lines, boolean logY) {
		List<List<Point>> kept = new ArrayList<>();
		for (Line line : (lines != null) ? lines : List.<Line>of()) {
			kept.add(line.points()
				.stream()
				.filter((p) -> Double.isFinite(p.x()) && Double.isFinite(p.y()) && (!logY || p.y() > 0))
				.toList());
		}
		DoubleSummaryStatistics xs = kept.stream().flatMap(List::stream).mapToDouble(Point::x).summaryStatistics();
		DoubleSummaryStatistics ys = kept.stream().flatMap(List::stream).mapToDouble(Point::y).summaryStatistics();
		if (xs.getCount() == 0) {
			return noData(title);
		}
		List<String> names = lines.stream().map(Line::name).toList();
		StringBuilder svg = start(height(names), title);
		int top = legend(svg, names, names.stream().map(Charts::dashed).toList());
		int bottom = height(names) - BOTTOM;
		List<Double> yTicks = new ArrayList<>();
		DoubleUnaryOperator toY;
		if (logY) {
			int lo = (int) Math.floor(Math.log10(ys.getMin()));
			int hi = Math.max(lo + 1, (int) Math.ceil(Math.log10(ys.getMax())));
			for (int k = lo; k <= hi; k++) {
				yTicks.add(Math.pow(10, k));
			}
			toY = (v) -> scale(Math.log10(v), lo, hi, bottom, top);
		}
		else {
			yTicks = niceTicks(Math.min(0, ys.getMin()), ys.getMax());
			double lo = yTicks.get(0);
			double hi = yTicks.get(yTicks.size() - 1);
			toY = (v) -> scale(v, lo, hi, bottom, top);
		}
		yAxis(svg, yTicks, toY, yLabel, top, bottom);
		List<Double> xTicks = niceTicks(Math.min(0, xs.getMin()), xs.getMax());
		double xLo = xTicks.get(0);
		double xHi = xTicks.get(xTicks.size() - 1);
		DoubleUnaryOperator toX = (v) -> scale(v, xLo, xHi, LEFT, WIDTH - RIGHT);
		for (double tick : xTicks) {
			double x = toX.applyAsDouble(tick);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>%n", x, bottom, x, bottom + 5));
			text(svg, x, bottom + 18, "middle", "", number(tick));
		}
		text(svg, LEFT + (WIDTH - LEFT - RIGHT) / 2.0, bottom + 40, "middle", "", xLabel);
		for (int i = 0; i < kept.size(); i++) {
			StringBuilder coordinates = new StringBuilder();
			StringBuilder markers = new StringBuilder();
			for (Point p : kept.get(i)) {
				double x = toX.applyAsDouble(p.x());
				double y = toY.applyAsDouble(p.y());
				coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
				markers.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n",
						x, y, colour(i)));
			}
			svg.append(String.format(Locale.ROOT,
					"<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
					coordinates.toString().trim(), colour(i), dashed(names.get(i)) ? " stroke-dasharray=\"6 4\"" : ""))
				.append(markers);
		}
		return svg.append("</svg>\n").toString();
	}

	/**
	 * Opens the SVG with a white background (legible on dark pages too) and the title.
	 */
	private static StringBuilder start(int height, String title) {
		StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
						+ " font-family=\"sans-serif\" font-size=\"12\" fill=\"#222\">%n"
						+ "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n",
				WIDTH, height, WIDTH, height, WIDTH, height));
		text(svg, WIDTH / 2.0, 22, "middle", "font-size=\"16\" font-weight=\"bold\"", title);
		return svg;
	}

	/**
	 * Draws the legend (bar swatches, or line samples when dashes are given); returns the
	 * plot's top.
	 */
	private static int legend(StringBuilder svg, List<String> names, List<Boolean> dashes) {
		int[][] layout = legendLayout(names);
		for (int i = 0; i < names.size(); i++) {
			int x = layout[i][0];
			int y = 40 + layout[i][1] * LEGEND_ROW;
			if (dashes == null) {
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, y - 10, colour(i)));
			}
			else {
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", x,
						y - 4, x + 14, y - 4, colour(i), dashes.get(i) ? " stroke-dasharray=\"4 3\"" : ""));
			}
			text(svg, x + 18, y, "start", "", names.get(i));
		}
		return 40 + rows(layout) * LEGEND_ROW + 8;
	}

	/** Legend positions as {x, row}, wrapping items onto rows that fit the width. */
	private static int[][] legendLayout(List<String> names) {
		int[][] layout = new int[names.size()][];
		int x = LEFT;
		int row = 0;
		for (int i = 0; i < names.size(); i++) {
			int width = 18 + names.get(i).length() * 7 + 20;
			if (x > LEFT && x + width > WIDTH - RIGHT) {
				x = LEFT;
				row++;
			}
			layout[i] = new int[] { x, row };
			x += width;
		}
		return layout;
	}

	private static int rows(int[][] layout) {
		return (layout.length == 0) ? 0 : layout[layout.length - 1][1] + 1;
	}

	private static int height(List<String> names) {
		return HEIGHT + Math.max(0, rows(legendLayout(names)) - 1) * LEGEND_ROW;
	}

	/** Draws the y axis with gridlines, tick labels and the rotated axis label. */
	private static void yAxis(StringBuilder svg, List<Double> ticks, DoubleUnaryOperator toY, String label, int top,
			int bottom) {
		for (double tick : ticks) {
			double y = toY.applyAsDouble(tick);
			svg.append(
					String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
							LEFT, y, WIDTH - RIGHT, y));
			text(svg, LEFT - 6, y + 4, "end", "", number(tick));
		}
		svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"#333\"/>%n", LEFT, top,
				bottom, WIDTH - RIGHT));
		svg.append(String.format(Locale.ROOT,
				"<text transform=\"rotate(-90)\" x=\"%.1f\" y=\"16\" text-anchor=\"middle\">%s</text>%n",
				-(top + bottom) / 2.0, escape(label)));
	}

	/**
	 * About five round tick values (steps of 1, 2 or 5 times a power of ten) covering lo
	 * to hi.
	 */
	private static List<Double> niceTicks(double lo, double hi) {
		if (!(hi > lo)) {
			hi = lo + 1;
		}
		double rough = (hi - lo) / 5;
		double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
		double step = 10 * magnitude;
		for (double multiple : new double[] { 1, 2, 5 }) {
			if (multiple * magnitude >= rough) {
				step = multiple * magnitude;
				break;
			}
		}
		double start = Math.floor(lo / step) * step;
		List<Double> ticks = new ArrayList<>();
		for (int i = 0; ticks.isEmpty() || ticks.get(ticks.size() - 1) < hi - step * 1e-9; i++) {
			ticks.add(start + i * step);
		}
		return ticks;
	}

	private static double scale(double value, double lo, double hi, double from, double to) {
		return from + (value - lo) / (hi - lo) * (to - from);
	}

	private static void text(StringBuilder svg, double x, double y, String anchor, String attributes, String text) {
		svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>%n", x, y,
				anchor, attributes.isEmpty() ? "" : " " + attributes, escape(text)));
	}

	private static String number(double value) {
		BigDecimal rounded = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
		return (rounded.signum() == 0) ? "0" : rounded.toPlainString();
	}

	private static boolean dashed(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return lower.contains("straight") || lower.contains("direct");
	}

	private static String colour(int index) {
		return PALETTE[index % PALETTE.length];
	}

	private static String escape(String text) {
		return String.valueOf(text)
			.replace("&", "&amp;")
			.replace("<", "&lt;")
			.replace(">", "&gt;")
			.replace("\"", "&quot;");
	}

	private static String noData(String title) {
		StringBuilder svg = start(70, title);
		text(svg, WIDTH / 2.0, 50, "middle", "", "no data");
		return svg.append("</svg>\n").toString();
	}

}
