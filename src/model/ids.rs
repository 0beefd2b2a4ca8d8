//! Dense, `Copy` newtype ids. Only the loader mints them; they index typed vectors.

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub(crate) u32);

        impl $name {
            /// Position of this item in its vector of the [`Problem`](crate::Problem).
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }

            #[inline]
            #[allow(dead_code)]
            pub(crate) fn new(index: usize) -> Self {
                Self(index as u32)
            }
        }
    };
}

id_type!(
    /// A building (`buildings[i]`).
    BuildingId
);
id_type!(
    /// A room (`rooms[i]`).
    RoomId
);
id_type!(
    /// A member of the service staff (`staff[i]`).
    StaffId
);
id_type!(
    /// A meeting request (`meetings[i]`).
    MeetingId
);
id_type!(
    /// A named participant (`people[i]`, including people named only in meetings).
    PersonId
);
id_type!(
    /// A recurring series (`series[i]`, including series named only in meetings).
    SeriesId
);
id_type!(
    /// A service class (`service_classes[i]`).
    ClassId
);
id_type!(
    /// A derived service task (`<meeting>/<task name>`), see [`TaskDef`](crate::model::TaskDef).
    TaskId
);
id_type!(
    /// An interned skill name.
    SkillId
);
id_type!(
    /// An interned layout name (`theatre`, `classroom`, …).
    LayoutId
);
id_type!(
    /// An interned room feature word (`video`, `interpretation`, …).
    FeatureId
);
id_type!(
    /// An interned equipment kind (`mic`, `projector`, …).
    KindId
);
