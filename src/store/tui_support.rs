//! Store calls the screens need beyond the command line's: a dry run of an act (to show what it
//! will change before the officer confirms), the event feed read towards newer events (keyset,
//! the other direction of `events_page`), and the provinces present in the register (facets).

use super::acts::{locate, standing_after};
use super::events::Event;
use super::{Result, Store, StoreError};
use crate::domain::acts::{ActRequest, Plan, plan_all};
use crate::domain::ids::ApprovalNo;
use crate::domain::model::QualStatus;

/// What an act would do, decided by the same rules `perform` applies, writing nothing.
#[derive(Debug, Clone)]
pub struct ActPreview {
    /// The effective state now.
    pub status_before: QualStatus,
    /// The state after the act.
    pub status_after: QualStatus,
    pub plan: Plan,
    pub version: i64,
}

impl Store {
    /// Dry-run `req` on the qualification: the refusal `perform` would give, or the plan. With
    /// `expected_version`, a change by someone else since is reported as a conflict.
    pub fn preview_act(
        &self,
        approval: &ApprovalNo,
        req: &ActRequest,
        expected_version: Option<i64>,
    ) -> Result<ActPreview> {
        self.preview_act_all(approval, req, expected_version)?
            .map_err(|mut all| StoreError::Refused(all.swap_remove(0)))
    }

    /// The scope items already in the register (any body, any status), for completing a
    /// scope extension as it is typed; at most `limit`, in the register's own spelling.
    pub fn scope_items_in_register(&self, limit: usize) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT DISTINCT item FROM scope_item ORDER BY item LIMIT ?1")?;
        let rows = st.query_map([limit as i64], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Like `preview_act`, with every refusal of the rules at once (`domain::acts::plan_all`),
    /// for a form that shows them all in one round.
    pub fn preview_act_all(
        &self,
        approval: &ApprovalNo,
        req: &ActRequest,
        expected_version: Option<i64>,
    ) -> Result<std::result::Result<ActPreview, Vec<crate::domain::acts::Refusal>>> {
        let loc = locate(&self.conn, approval.as_str())?;
        if let Some(v) = expected_version
            && v != loc.version
        {
            return Err(StoreError::Conflict {
                what: crate::store_msg!(
                    WhatQualification,
                    approval = loc.approval_no.as_str(),
                    from = v,
                    to = loc.version
                ),
                by: loc.updated_by,
                at: loc.updated_at,
            });
        }
        // A decision in a case is checked against the case's facts, as `perform` does.
        let with_case;
        let req = match super::cases::decision_case(
            &self.conn,
            &self.calendar,
            req,
            loc.qualification_id,
        )? {
            Some(c) => {
                with_case = super::cases::with_case_facts(req, &c);
                &with_case
            }
            None => req,
        };
        let p = match plan_all(req, &loc.view, self.today, &self.calendar, &self.settings) {
            Ok(p) => p,
            Err(all) => return Ok(Err(all)),
        };
        let status_before = loc.view.standing(self.today, &self.settings).status;
        let status_after = standing_after(&loc.view, &p, self.today, &self.settings).status;
        Ok(Ok(ActPreview {
            status_before,
            status_after,
            plan: p,
            version: loc.version,
        }))
    }

    /// At most `limit` events newer than event `after`, matching `filter` as `events_page` does,
    /// newest first (the rows just above a page of `events_page`).
    pub fn events_after(
        &self,
        filter: &super::reports::EventFilter,
        after: i64,
        limit: usize,
    ) -> Result<Vec<Event>> {
        let mut rows = self.events_matching(filter, "id > ?1", after, "ASC", limit)?;
        rows.reverse();
        Ok(rows)
    }

    /// The two-digit province prefixes of the bodies' region codes, in order (read from the
    /// region index, not the table).
    /// Every body's region code, once each, in code order (the region facets' choices).
    pub fn regions(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT region FROM body ORDER BY 1")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Refuse a region neither in the GB/T 2260 table nor the region of a body in the register
    /// (a code the register uses is known to the office, whatever the table says).
    pub fn check_region(
        &self,
        r: &crate::domain::region::Region,
    ) -> std::result::Result<(), crate::domain::region::RegionError> {
        if r.is_known() {
            return Ok(());
        }
        let upper = format!("{}~", r.as_str());
        let found: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM body WHERE region >= ?1 AND region < ?2)")
            .and_then(|mut s| s.query_row([r.as_str(), upper.as_str()], |row| row.get(0)))
            .unwrap_or(false);
        if found {
            Ok(())
        } else {
            Err(crate::domain::region::RegionError::Unknown(
                r.as_str().to_string(),
            ))
        }
    }

    pub fn region_prefixes(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT substr(region, 1, 2) FROM body ORDER BY 1")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
