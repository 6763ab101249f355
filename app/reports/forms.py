"""The filters of the organiser's reports, sent by GET so a report's address can be shared."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField

from app.reports.jp import JpFilters


class JpReportForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that only reads

    year = SelectField(_l("Year"), coerce=int)
    region = SelectField(_l("Region"), default="")
    sort = SelectField(_l("Sort by"), default="total", choices=[
        SelectChoice("total", _l("Total JP, lowest first")), SelectChoice("name", _l("Name"))])

    def set_choices(self, years, regions):
        """Offer these years and Region rows: provinces first, then each province's regencies
        and cities under its name."""
        self.year.choices = [SelectChoice(year, str(year)) for year in years]
        names = {region.code: region.name for region in regions if region.is_province}
        provinces = _l("Provinces")
        self.region.choices = [SelectChoice("", _l("All regions"))] + [
            SelectChoice(region.code, f"{region.code} {region.name}",
                         optgroup=provinces if region.is_province
                         else names.get(region.province_code, region.province_code))
            for region in sorted(regions, key=lambda region: not region.is_province)]

    def filters(self, default_year):
        """The chosen filters; a value that is not on offer falls back to its default."""
        self.validate()
        for field, default in ((self.year, default_year), (self.region, ""),
                               (self.sort, "total")):
            if field.errors or field.data is None:
                field.data = default
        return JpFilters(self.year.data, self.region.data, self.sort.data)
