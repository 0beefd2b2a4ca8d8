//! The journal: operations are recorded between `begin` and `commit`, so that a move can be
//! applied, scored and rolled back exactly.

use super::*;

impl<'p> State<'p> {
    /// Starts (or nests) recording operations; returns a mark to roll back to. Every `begin`
    /// is paired with one [`Self::commit`]; nested pairs keep the outer journal intact.
    pub fn begin(&mut self) -> usize {
        self.depth += 1;
        self.recording = true;
        self.journal.len()
    }

    /// Undoes every operation since `mark`.
    pub fn rollback(&mut self, mark: usize) {
        let rec = self.recording;
        self.recording = false;
        while self.journal.len() > mark {
            match self.journal.pop() {
                Some(Op::Placed(m, _)) => self.unplace_raw(m),
                Some(Op::Unplaced(m, pl)) => self.place_raw(m, pl),
                Some(Op::Added(t, s)) => self.remove_staff_raw(t, s),
                Some(Op::Removed(t, s)) => self.add_staff_raw(t, s),
                None => break,
            }
        }
        self.recording = rec;
    }

    /// The operations recorded since `mark` (to replay them after a rollback).
    pub fn ops_since(&self, mark: usize) -> Vec<Op> {
        self.journal.get(mark..).map(<[Op]>::to_vec).unwrap_or_default()
    }

    /// Re-applies operations taken with [`Self::ops_since`] (recorded again).
    pub fn replay(&mut self, ops: &[Op]) {
        for &op in ops {
            match op {
                Op::Placed(m, pl) => self.place(m, pl),
                Op::Unplaced(m, _) => self.unplace(m),
                Op::Added(t, s) => self.add_staff(t, s),
                Op::Removed(t, s) => self.remove_staff(t, s),
            }
        }
    }

    /// Ends the innermost `begin`; the outermost one keeps everything done and stops recording.
    pub fn commit(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            self.journal.clear();
            self.recording = false;
        }
    }
}
