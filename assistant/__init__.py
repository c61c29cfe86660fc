"""绩效自评助手 (jixiao): draft and review 项目支出绩效自评表 with deterministic checks."""

__version__ = "0.1.0"
