"""/api/v1/reports and /api/v1/sql: named reports and read-only ad hoc SQL (DESIGN.md §9).

Status codes of /sql: 400 when the guard refuses the statement or the database cannot run it,
422 when it ran past NEWSDB_SQL_TIME_LIMIT_MS and was stopped (or the body is malformed), 401/403
without a token of scope ``sql``. A result over NEWSDB_SQL_MAX_ROWS comes back cut, with
``"truncated": true``.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request, url_for
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import RAISE, Schema, fields, validate

from newsdb.api.blueprint import ApiBlueprint
from newsdb.api.database import get_engine, get_session
from newsdb.api.schemas.common import Text
from newsdb.config import Settings
from newsdb.reports import (
    SqlFailed,
    SqlLimits,
    SqlRefused,
    SqlTimeout,
    get_report,
    list_reports,
    run_report,
    run_sql,
    sql_engine,
)
from newsdb.reports.formats import to_csv
from newsdb.reports.guard import MAX_SQL_CHARS

blp = ApiBlueprint("reports", __name__, url_prefix="/api/v1",
                   description="SQL reporting: named reports as JSON or CSV, and read-only "
                               "ad hoc SQL")

CSV_TYPE = "text/csv"
FORMAT_PARAMETER = {
    "name": "format", "in": "query", "required": False,
    "schema": {"type": "string", "enum": ["json", "csv"]},
    "description": "csv answers text/csv, a header line then one line a row (as does "
                   "`Accept: text/csv`); json by default",
}

# format=csv (or Accept: text/csv) answers CSV: documented beside the JSON of the 200.
CSV_ANSWER = {200: {"content": {CSV_TYPE: {"schema": {"type": "string"}}}}}


class ReportParamSchema(Schema):
    name = fields.String(metadata={"description": "Its name in the query string"})
    type = fields.String(metadata={"description": "integer, text, date, entity or country"})
    required = fields.Boolean()
    default = fields.String(allow_none=True)
    description = fields.String()


class ReportInfoSchema(Schema):
    name = fields.String()
    title = fields.String()
    description = fields.String()
    params = fields.List(fields.Nested(ReportParamSchema))
    url = fields.String(metadata={"description": "Where to run it"})


class _JsonRows(fields.List):
    """Rows the report runner and the SQL guard made JSON-ready (``json_row``): dumped as they
    are, not value by value through marshmallow (2.2 s of a 100,000-row report); documented
    as declared."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


class ReportResultSchema(Schema):
    report = fields.String()
    title = fields.String()
    params = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True),
                         metadata={"description": "The parameters as the report used them "
                                                  "(an entity as its id, a country as its code)"})
    columns = fields.List(fields.String())
    rows = _JsonRows(fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True)))
    row_count = fields.Integer()


class SqlRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    sql = Text(required=True, min_length=1, max_length=MAX_SQL_CHARS,
               metadata={"description": "One SELECT, WITH or EXPLAIN statement; `:name` marks "
                                        "a parameter"})
    params = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=100)),
                         values=fields.Raw(allow_none=True), load_default=dict,
                         metadata={"description": "Values of the `:name` parameters"})


class SqlResultSchema(Schema):
    columns = fields.List(fields.String())
    rows = _JsonRows(fields.List(fields.Raw(allow_none=True)))
    row_count = fields.Integer()
    truncated = fields.Boolean(metadata={"description": "true when the row cap cut the result"})
    elapsed_ms = fields.Integer()
    max_rows = fields.Integer()
    time_limit_ms = fields.Integer()


def _wants_csv() -> bool:
    fmt = request.args.get("format")
    if fmt is not None and fmt not in ("json", "csv"):
        abort(422, message=f"format must be json or csv, not {fmt!r}",
              errors={"query": {"format": ["Must be one of: json, csv."]}})
    if fmt is not None:
        return fmt == "csv"
    best = request.accept_mimetypes.best_match(["application/json", CSV_TYPE])
    return best == CSV_TYPE


def _csv_response(columns: list[str], rows: list[list[Any]], filename: str) -> Response:
    response = Response(to_csv(columns, rows), mimetype=CSV_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _report_info(report: Any) -> dict[str, Any]:
    return {**report.as_dict(), "url": url_for("reports.ReportByName", name=report.name)}


@blp.route("/reports")
class Reports(MethodView):
    @blp.response(200, ReportInfoSchema(many=True))
    def get(self) -> Any:
        """List the named reports and their parameters."""
        return [_report_info(report) for report in list_reports()]


@blp.route("/reports/<name>")
class ReportByName(MethodView):
    @blp.doc(parameters=[FORMAT_PARAMETER], responses=CSV_ANSWER)
    @blp.response(200, ReportResultSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, name: str) -> Any:
        """Run a named report; its parameters go in the query string."""
        get_report(name)  # 404 before the parameters are looked at
        csv = _wants_csv()
        params: dict[str, str] = {}
        for key, values in request.args.lists():
            if key == "format":
                continue
            if len(values) > 1:
                abort(422, message=f"give the parameter {key!r} once",
                      errors={"query": {key: ["Given more than once."]}})
            params[key] = values[0]
        result = run_report(get_session(), name, params)
        if csv:
            return _csv_response(result.columns, result.rows, name)
        return result.as_dict()


@blp.route("/sql")
class AdHocSql(MethodView):
    @blp.requires("sql")
    @blp.doc(parameters=[FORMAT_PARAMETER], responses=CSV_ANSWER)
    @blp.arguments(SqlRequestSchema)
    @blp.response(200, SqlResultSchema)
    @blp.alt_response(400, response="BAD_REQUEST")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, data: dict[str, Any]) -> Any:
        """Run one read-only SQL statement (SELECT, WITH or EXPLAIN), time- and row-limited.

        400 when the statement is refused or cannot run, 422 when it was stopped at the time
        limit; a result over the row cap is cut and says `"truncated": true`.
        """
        csv = _wants_csv()
        settings: Settings = current_app.config["NEWSDB_SETTINGS"]
        bind = get_engine()
        try:
            result = run_sql(sql_engine(bind.engine, settings), data["sql"], data["params"],
                             limits=SqlLimits.from_settings(settings))
        except (SqlRefused, SqlFailed) as error:
            abort(400, message=str(error), errors={"sql": [str(error)]})
        except SqlTimeout as error:
            abort(422, message=str(error), errors={"sql": [str(error)]})
        if csv:
            return _csv_response(result.columns, result.rows, "query")
        return result.as_dict()
