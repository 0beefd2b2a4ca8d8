//! ITC-2007 track 3 (curriculum-based course timetabling, `.ctt`) ⇄ huiwu (SPEC §5).
