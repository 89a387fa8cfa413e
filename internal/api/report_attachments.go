package api

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
)

// A progress report's documents (docs/FOLLOW-UP.md): listed, added,
// downloaded and removed with the permissions of the report's page, each
// a call of package followup. A draft's documents are its owners' alone:
// to anyone else the report, and so its documents, are not found.

// reportAttachmentView is a report's document with its address.
func reportAttachmentView(reportID string, a domain.Attachment) attachmentJSON {
	return attachmentJSON{ID: a.ID, Name: a.Name, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256,
		URL: prefix + "/reports/" + reportID + "/attachments/" + a.ID, CreatedAt: a.CreatedAt}
}

func (s *Server) listReportAttachments(w http.ResponseWriter, r *http.Request) {
	v, err := s.followup.Report(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := list[attachmentJSON]{Items: []attachmentJSON{}}
	for _, a := range v.Report.Attachments {
		out.Items = append(out.Items, reportAttachmentView(v.Report.ID, a))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) addReportAttachment(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	name, data, err := readUpload(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.followup.Attach(r.Context(), actor(r), followup.AttachInput{ReportID: id, Name: name, Data: data})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/reports/"+id+"/attachments/"+a.ID, reportAttachmentView(id, *a))
}

func (s *Server) getReportAttachment(w http.ResponseWriter, r *http.Request) {
	f, err := s.followup.ReportAttachment(r.Context(), actor(r), r.PathValue("id"), r.PathValue("aid"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sendDocument(w, r, f.Attachment, f.Data)
}

func (s *Server) deleteReportAttachment(w http.ResponseWriter, r *http.Request) {
	if err := s.followup.Detach(r.Context(), actor(r), followup.DetachInput{ReportID: r.PathValue("id"), AttachmentID: r.PathValue("aid")}); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
