import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseCorrelation } from "@/lib/detections/sigma/parse-correlation";

const correlationOf = (yaml: string) => parseCorrelation(parse(yaml));

describe("parseCorrelation", () => {
  it("reads an event_count correlation with a range condition", () => {
    expect(
      correlationOf(
        "type: event_count\nrules: [failed_signin]\ngroup-by: [UserPrincipalName, IPAddress]\ntimespan: 10m\ncondition: {gt: 5, lte: 100}",
      ),
    ).toEqual({
      value: {
        type: "event_count",
        rules: ["failed_signin"],
        groupBy: ["UserPrincipalName", "IPAddress"],
        timespan: { text: "10m", amount: 10, unit: "m", seconds: 600 },
        condition: [
          { operator: "gt", value: 5 },
          { operator: "lte", value: 100 },
        ],
        valueField: null,
        hasAliases: false,
      },
      errors: [],
    });
  });

  it("reads temporal correlations without a count condition", () => {
    expect(correlationOf("type: temporal\nrules: [a, b]\ntimespan: 1d").value).toMatchObject({
      type: "temporal",
      groupBy: [],
      condition: [],
      timespan: { seconds: 86400 },
    });
  });

  it("requires the counted field for value_count", () => {
    expect(correlationOf("type: value_count\nrules: [a]\ntimespan: 1h\ncondition: {gte: 10}").errors).toEqual([
      "a value_count correlation needs the field whose distinct values it counts, as 'condition.field'",
    ]);
  });

  it("lists every problem", () => {
    expect(correlationOf("type: sometimes\nrules: []\ngroup-by: IPAddress\ntimespan: 1w").errors).toEqual([
      "correlation 'type' must be one of event_count, value_count, temporal, temporal_ordered, got \"sometimes\"",
      "correlation 'rules' must be a non-empty list of rule names or ids",
      "correlation 'group-by' must be a list of field names",
      "correlation 'timespan' must be a positive number followed by s, m, h or d (such as 10m or 1h), got \"1w\"",
    ]);
    expect(correlationOf("type: event_count\nrules: [a]\ntimespan: 5m\ncondition: {above: 3, gte: -1}").errors).toEqual(
      [
        "correlation condition 'above' is not one of gt, gte, lt, lte, eq, neq or field",
        "correlation condition 'gte' must be a whole number of zero or more",
      ],
    );
    expect(correlationOf("type: event_count\nrules: [a]\ntimespan: 5m").errors).toEqual([
      "a event_count correlation needs a 'condition' such as {gte: 10}",
    ]);
  });
});
